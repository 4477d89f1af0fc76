// The agent's state directory: what enrolment gave it, and where its stores live. The MQTT password is a device
// credential (domain.md: default or shared passwords are how boards were hijacked), so it sits alone in a file only
// the agent's user can read (mode 600); keys and the area chain are not secret and stay readable for technicians.
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { EnrolmentResponse, TrustedKeySchema, validate } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import { fsyncDir } from '../journal/durable-fs.js';

export const STATE_FILES = {
  credentials: 'credentials.json',
  device: 'device.json',
  trustedKeys: 'trusted-keys.json',
  manifest: 'manifest.json',
  replay: 'replay.log',
  journal: 'journal',
  cache: 'cache',
  snapshots: 'snapshots',
} as const;

export const Credentials = Type.Pick(EnrolmentResponse, ['deviceId', 'mqttUsername', 'mqttPassword', 'mqttUrl', 'hubUrl']);
export type Credentials = Static<typeof Credentials>;
export const DeviceIdentity = Type.Pick(EnrolmentResponse, ['deviceId', 'kind', 'name', 'areaChain', 'timeZone']);
export type DeviceIdentity = Static<typeof DeviceIdentity>;
const TrustedKeys = Type.Array(TrustedKeySchema, { minItems: 1, maxItems: 8 });

/** Everything enrolment stored: the hub's answer, as it was given. */
export type Enrolment = EnrolmentResponse;

export function statePath(stateDir: string, file: keyof typeof STATE_FILES): string {
  return join(stateDir, STATE_FILES[file]);
}

/** Replaces `path` atomically with `mode` set before any byte is written, so the secret is never world-readable. */
export async function writeStateFile(path: string, dir: string, data: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.chmod(mode); // an old .tmp keeps its mode on open
    await handle.writeFile(data, 'utf8');
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  await fsyncDir(dir);
}

export async function saveEnrolment(stateDir: string, enrolment: Enrolment): Promise<void> {
  try {
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const { deviceId, mqttUsername, mqttPassword, mqttUrl, hubUrl, kind, name, areaChain, timeZone, trustedKeys } = enrolment;
    const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
    await writeStateFile(statePath(stateDir, 'credentials'), stateDir, json({ deviceId, mqttUsername, mqttPassword, mqttUrl, hubUrl }), 0o600);
    await writeStateFile(statePath(stateDir, 'trustedKeys'), stateDir, json(trustedKeys), 0o644);
    await writeStateFile(statePath(stateDir, 'device'), stateDir, json({ deviceId, kind, name, areaChain, timeZone }), 0o644);
  } catch (err) {
    if (err instanceof AgentError) throw err;
    throw new AgentError('AGENT_ERR_STATE_DIR', `${stateDir}: ${(err as Error).message}`, { cause: err });
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AgentError('AGENT_ERR_NOT_ENROLLED', `${path} is missing`, { cause: err });
    throw new AgentError('AGENT_ERR_STATE_DIR', `${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AgentError('AGENT_ERR_STATE_DIR', `${path} is not valid JSON`, { cause: err });
  }
}

function checked<T>(result: { ok: true; value: T } | { ok: false; error: { reason: string } }, path: string): T {
  if (!result.ok) throw new AgentError('AGENT_ERR_STATE_DIR', `${path}: ${result.error.reason}`);
  return result.value;
}

/** Rejects AGENT_ERR_NOT_ENROLLED when a file is missing, AGENT_ERR_STATE_DIR when one is unreadable or invalid. */
export async function loadEnrolment(stateDir: string): Promise<Enrolment> {
  const credPath = statePath(stateDir, 'credentials');
  const credentials = checked(validate(Credentials, await readJson(credPath)), credPath);
  // A copied-in or restored file may have lost its mode; the password must not stay readable by others.
  await chmod(credPath, 0o600).catch(() => undefined);
  const devicePath = statePath(stateDir, 'device');
  const device = checked(validate(DeviceIdentity, await readJson(devicePath)), devicePath);
  const keysPath = statePath(stateDir, 'trustedKeys');
  const trustedKeys = checked(validate(TrustedKeys, await readJson(keysPath)), keysPath);
  if (device.deviceId !== credentials.deviceId) {
    throw new AgentError('AGENT_ERR_STATE_DIR', `${devicePath} names ${device.deviceId} but the credentials are for ${credentials.deviceId}`);
  }
  return { ...credentials, ...device, trustedKeys };
}
