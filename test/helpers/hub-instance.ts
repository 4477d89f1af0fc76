// A real hub on port 0 in a temporary data directory: real SQLite, real Aedes, real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { EnrolmentResponse } from '@tinnguon/protocol';
import { resolveConfig } from '../../hub/src/config/config.js';
import { createHub, type Hub, type HubOptions } from '../../hub/src/hub.js';

export interface RunningHub {
  readonly hub: Hub;
  readonly dir: string;
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly auth: { authorization: string };
  readonly stop: () => Promise<void>;
}

export async function startTestHub(options: HubOptions = {}, config: Record<string, unknown> = {}): Promise<RunningHub> {
  const dir = await mkdtemp(join(tmpdir(), 'tn-hubapp-'));
  // A data directory that does not exist yet, as on a fresh install.
  const cfg = resolveConfig({ host: '127.0.0.1', httpPort: 0, mqttPort: 0, dataDir: join(dir, 'data'), ...config }, {});
  const hub = await createHub(cfg, options);
  const { httpPort, mqttPort } = await hub.start();
  return {
    hub,
    dir,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    auth: { authorization: `Bearer ${hub.deps.adminToken}` },
    stop: async () => {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Creates and enrols a device through the public API, as a technician and an agent would. */
export async function enrolDevice(h: RunningHub, areaCode = '24628', kind: 'loudspeaker' | 'led' = 'loudspeaker'): Promise<EnrolmentResponse> {
  const created = await h.hub.app.inject({ method: 'POST', url: '/api/devices', headers: h.auth, payload: { kind, areaCode, name: `Thiết bị thử ${areaCode}` } });
  if (created.statusCode !== 201) throw new Error(`create failed: ${created.body}`);
  const { enrolmentCode } = created.json<{ enrolmentCode: string }>();
  const enrolled = await h.hub.app.inject({ method: 'POST', url: '/api/device/enrol', payload: { code: enrolmentCode } });
  if (enrolled.statusCode !== 200) throw new Error(`enrol failed: ${enrolled.body}`);
  return enrolled.json<EnrolmentResponse>();
}

export async function connectDevice(h: RunningHub, creds: { mqttUsername: string; mqttPassword: string }, clientId = creds.mqttUsername): Promise<MqttClient> {
  return mqtt.connectAsync(h.mqttUrl, { protocolVersion: 4, clientId, username: creds.mqttUsername, password: creds.mqttPassword, reconnectPeriod: 0, connectTimeout: 5000 });
}

export function basicAuth(creds: { mqttUsername: string; mqttPassword: string }): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${creds.mqttUsername}:${creds.mqttPassword}`).toString('base64')}` };
}

/** Resolves with the first message on `topic`, or rejects after `ms`. */
export function nextMessage(client: MqttClient, topic: string, ms = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${topic} within ${ms} ms`)), ms);
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(payload);
    };
    client.on('message', onMessage);
  });
}
