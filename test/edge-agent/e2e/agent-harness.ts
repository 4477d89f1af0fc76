// Real agents against a real hub (test/helpers/hub-instance.ts): enrolled through the public API, linked over real
// MQTT, playing into VirtualSinks. Helpers wait on what a user would observe (a playback, a row in playback_logs),
// never on fixed sleeps; each wait has a generous ceiling that only a broken feature reaches.
import type { EnrolmentResponse, PlaybackLog } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import type { AgentClock } from '../../../edge-agent/src/clock/hub-clock.js';
import { resolveAgentConfig } from '../../../edge-agent/src/config/agent-config.js';
import type { Agent, AgentEvent } from '../../../edge-agent/src/runtime/agent.js';
import { createAgent, type AgentDeps } from '../../../edge-agent/src/runtime/create-agent.js';
import type { RunningHub } from '../../helpers/hub-instance.js';

export interface RunningAgent {
  readonly agent: Agent;
  readonly sink: VirtualSink;
  readonly amplifier: VirtualAmplifier;
  readonly creds: EnrolmentResponse;
  readonly events: AgentEvent[];
  readonly stateDir: string;
}

export interface AgentOptions {
  readonly stateDir: string;
  readonly creds: EnrolmentResponse;
  readonly clock?: AgentClock;
  /** The clock is trusted as the OS's (no hub time exchange): for tests that shift time. */
  readonly osTrusted?: boolean;
  readonly config?: Record<string, unknown>;
  readonly deps?: Partial<AgentDeps>;
}

export function agentFor(h: Pick<RunningHub, 'httpUrl' | 'mqttUrl'>, o: AgentOptions): RunningAgent {
  const events: AgentEvent[] = [];
  const now = o.clock === undefined ? undefined : { now: () => o.clock?.now() ?? Date.now() };
  const sink = new VirtualSink({ realtime: true, ...(now === undefined ? {} : { clock: now }) });
  const amplifier = new VirtualAmplifier();
  const config = resolveAgentConfig(
    {
      stateDir: o.stateDir,
      link: { hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, backoffBaseMs: 100, backoffMaxMs: 2000, keepaliveSec: 10 },
      clock: o.osTrusted === true ? { syncWithHub: false, trustSystemNtp: true } : {},
      journal: { ackTimeoutMs: 3000 },
      ...o.config,
    },
    {},
  );
  const agent = createAgent({
    config,
    enrolment: o.creds,
    audioSink: sink,
    amplifier,
    onEvent: (e) => events.push(e),
    ...(o.clock === undefined ? {} : { clock: o.clock }),
    ...(o.osTrusted === true ? { systemNtpSynced: () => true } : {}),
    ...o.deps,
  });
  return { agent, sink, amplifier, creds: o.creds, events, stateDir: o.stateDir };
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ceilingMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > ceilingMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type LogRow = { seq: number; event: string; bulletin_id: string | null; reason: string | null; slot_at: number | null; played_ms: number | null; detail: string | null };

export function hubLogs(h: RunningHub, deviceId: string): Promise<LogRow[]> {
  return h.hub.deps.db.all<LogRow>('SELECT seq, event, bulletin_id, reason, slot_at, played_ms, detail FROM playback_logs WHERE device_id = ? ORDER BY seq', [deviceId]);
}

/** A bulletin through the officials' routes: create, submit (speech is synthesised), approve, publish. */
export async function publishBulletin(h: RunningHub, body: Record<string, unknown>): Promise<string> {
  const created = await h.hub.app.inject({ method: 'POST', url: '/api/bulletins', headers: h.auth, payload: body });
  if (created.statusCode !== 201) throw new Error(`create: ${created.body}`);
  const id = created.json<{ bulletin: { id: string } }>().bulletin.id;
  for (const step of ['submit', 'approve', 'publish']) {
    const res = await h.hub.app.inject({ method: 'POST', url: `/api/bulletins/${id}/${step}`, headers: h.auth });
    if (res.statusCode !== 200) throw new Error(`${step}: ${res.body}`);
  }
  return id;
}

export const isRow = (event: PlaybackLog['event'], bulletinId?: string) => (r: LogRow) => r.event === event && (bulletinId === undefined || r.bulletin_id === bulletinId);

/** Stops the hub but keeps its data directory, and starts it again on the same ports: "the hub is down for a while". */
export async function restartableHub(h: RunningHub, now?: () => number): Promise<{ down(): Promise<void>; up(): Promise<RunningHub['hub']> }> {
  const { createHub } = await import('../../../hub/src/hub.js');
  const httpPort = Number(new URL(h.httpUrl).port);
  const mqttPort = Number(new URL(h.mqttUrl).port);
  return {
    down: () => h.hub.stop(),
    async up() {
      const hub = await createHub(Object.freeze({ ...h.hub.deps.config, httpPort, mqttPort }), now === undefined ? {} : { now });
      await hub.start();
      return hub;
    },
  };
}
