// One real edge agent (createAgent, unchanged) in this process, with its two network seams replaced by in-memory
// ones that the benchmark drives: a LinkTransport whose "broker" is a function call, and a FetchLike that serves the
// manifest and media from maps. Everything between those seams is the agent's own code — decode, Ed25519 intake,
// replay store, urgent handler, preemption executor, cache re-hash, MP3 decoder, sink — on a real state directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAgent, resolveAgentConfig, VirtualAmplifier, VirtualSink, type Agent, type AgentEvent, type Enrolment, type FetchLike, type LinkHandlers, type LinkTransport,
} from '@tinnguon/edge-agent';
import { areaTopic, deviceTopic, encode, generateSigningKey, signEnvelope, type Bulletin, type Manifest, type Signer, type StopOrder } from '@tinnguon/protocol';
import type { BenchMedia } from './bench-media.js';

export const LONE_DEVICE = 'loa-bench-preempt-01';
export const LONE_CHAIN = ['67', '660', '24616'];

export interface LoneAgent {
  readonly agent: Agent;
  readonly sink: VirtualSink;
  readonly signer: Signer;
  readonly stateDir: string;
  /** Hands bytes to the agent as the broker would; returns performance.now() just before. */
  deliver(topic: string, payload: Buffer): number;
  /** Signs and delivers an emergency on the province's urgent topic. */
  emergency(bulletin: Bulletin): number;
  stopAll(): number;
  /** Publishes a new manifest and rings the doorbell. */
  manifest(changes: Partial<Manifest>): void;
  serve(media: BenchMedia): void;
  /** Returns the function that removes the listener. */
  onEvent(listener: (event: AgentEvent, atMs: number) => void): () => void;
  stop(): Promise<void>;
}

export async function startLoneAgent(): Promise<LoneAgent> {
  const stateDir = await mkdtemp(join(tmpdir(), 'tn-bench-agent-'));
  const { signer } = generateSigningKey();
  const enrolment: Enrolment = {
    deviceId: LONE_DEVICE, kind: 'loudspeaker', name: 'Loa đo đạc', mqttUsername: LONE_DEVICE, mqttPassword: 'b'.repeat(43),
    mqttUrl: 'mqtt://127.0.0.1:1', hubUrl: 'http://127.0.0.1:1', areaChain: LONE_CHAIN, timeZone: 'Asia/Ho_Chi_Minh', trustedKeys: [signer.publicKey],
  };
  const media = new Map<string, Buffer>();
  let seq = 0;
  let version = 1;
  let manifest: Manifest = {
    deviceId: LONE_DEVICE, version, generatedAt: Date.now(), kind: 'loudspeaker', areaChain: LONE_CHAIN, timeZone: 'Asia/Ho_Chi_Minh',
    windows: [{ start: '00:00', end: '23:59' }], settings: { volume: 80, heartbeatSec: 30 }, bulletins: [], selections: [], recalled: [],
  };
  const signedManifest = () => signEnvelope(signer, {
    type: 'manifest', id: `mf-bench-${manifest.version}`, issuedAt: Date.now(), expiresAt: Date.now() + 86_400_000, mode: 'live',
    targets: { areas: [], devices: [LONE_DEVICE] }, payload: manifest,
  });
  const fetch: FetchLike = (url) => {
    const path = new URL(url).pathname;
    if (path === '/api/device/manifest') return Promise.resolve(Response.json(signedManifest()));
    const bytes = media.get(path.split('/').pop() ?? '');
    return Promise.resolve(bytes === undefined ? new Response('', { status: 404 }) : new Response(bytes, { headers: { 'content-length': String(bytes.length) } }));
  };
  let handlers: LinkHandlers | undefined;
  const deliver = (topic: string, payload: Buffer): number => {
    const t0 = performance.now();
    handlers?.onMessage(topic, payload);
    return t0;
  };
  const transport: LinkTransport = {
    connect: (_options, h) => {
      handlers = h;
      return Promise.resolve({
        subscribe: () => Promise.resolve(),
        end: () => Promise.resolve(),
        publish: (topic, payload) => {
          // The hub's application ack (design.md §8), so the journal stays as empty as on a healthy link.
          if (topic.endsWith('/up/logs')) {
            const { entries } = JSON.parse(payload.toString()) as { entries: { seq: number }[] };
            const fromSeq = entries[0]?.seq ?? 1;
            const toSeq = entries[entries.length - 1]?.seq ?? 1;
            setImmediate(() => deliver(deviceTopic('logAck', LONE_DEVICE), encode('logAck', { fromSeq, toSeq, stored: entries.length, duplicates: 0 })));
          }
          return Promise.resolve();
        },
      });
    },
  };
  const listeners = new Set<(event: AgentEvent, atMs: number) => void>();
  const sink = new VirtualSink({ realtime: true, maxPlaybacks: 4, maxRecordedWrites: 16 });
  const config = resolveAgentConfig({ stateDir, logLevel: 'silent', clock: { syncWithHub: false, trustSystemNtp: true } }, {});
  const agent = createAgent({
    config, enrolment, transport, fetch, audioSink: sink, amplifier: new VirtualAmplifier(), systemNtpSynced: () => true,
    onEvent: (event) => {
      const at = performance.now();
      for (const l of listeners) l(event, at);
    },
  });
  await agent.start();
  const envelopeId = (kind: string): string => `${kind}-bench-${process.pid}-${++seq}`;
  return {
    agent, sink, signer, stateDir, deliver,
    emergency(bulletin) {
      const now = Date.now();
      const envelope = signEnvelope(signer, { type: 'bulletin', id: envelopeId('em'), issuedAt: now, expiresAt: now + 3600_000, mode: 'live', targets: { areas: ['67'], devices: [] }, payload: bulletin });
      return deliver(areaTopic('emergency', '67'), encode('emergency', envelope));
    },
    stopAll() {
      const now = Date.now();
      const order: StopOrder = { scope: 'all' };
      const envelope = signEnvelope(signer, { type: 'stop', id: envelopeId('stop'), issuedAt: now, expiresAt: now + 3600_000, mode: 'live', targets: { areas: ['67'], devices: [] }, payload: order });
      return deliver(areaTopic('stop', '67'), encode('stop', envelope));
    },
    manifest(changes) {
      manifest = { ...manifest, ...changes, version: ++version, generatedAt: Date.now() };
      deliver(deviceTopic('doorbell', LONE_DEVICE), encode('doorbell', { manifestVersion: version, at: Date.now() }));
    },
    serve(m) {
      media.set(m.ref.sha256, m.bytes);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      await agent.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
