// The files and defaults a command line points at: the admin token, fault schedules, extra agent settings, and where
// a fleet keeps its devices' state. Read once by the command's composition root, with coded errors.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimError } from '../errors.js';
import { faultSpecFromJson, parseFaultSpec, type FaultSpec } from '../faults/fault-spec.js';
import type { HubAccess } from './cli-args.js';

export async function readToken(access: Pick<HubAccess, 'token' | 'tokenFile'>): Promise<string> {
  if (access.token !== undefined) return access.token;
  const file = access.tokenFile ?? '';
  try {
    const token = (await readFile(file, 'utf8')).trim();
    if (token === '') throw new Error('the file is empty');
    return token;
  } catch (err) {
    throw new SimError('SIM_ERR_ADMIN_TOKEN', `${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function readJson(file: string, code: 'SIM_ERR_FAULT_SPEC' | 'SIM_ERR_USAGE'): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new SimError(code, `${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Each --faults value: a typed schedule, or `@file.json`. */
export async function loadFaults(values: readonly string[]): Promise<FaultSpec[]> {
  const out: FaultSpec[] = [];
  for (const value of values) out.push(...(value.startsWith('@') ? faultSpecFromJson(await readJson(value.slice(1), 'SIM_ERR_FAULT_SPEC')) : parseFaultSpec(value)));
  return out;
}

export async function loadAgentConfig(file: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (file === undefined) return undefined;
  const value = await readJson(file, 'SIM_ERR_USAGE');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SimError('SIM_ERR_USAGE', `${file}: cần một đối tượng JSON / expected a JSON object`);
  return value as Record<string, unknown>;
}

/** One state root per hub, so running a fleet against the same hub again reuses its devices. */
export function defaultStateRoot(hubUrl: string, what: 'fleet' | 'tech'): string {
  const url = new URL(hubUrl);
  return join(tmpdir(), 'tinnguon-sim', `${what}-${url.hostname}-${url.port || (url.protocol === 'https:' ? '443' : '80')}`);
}
