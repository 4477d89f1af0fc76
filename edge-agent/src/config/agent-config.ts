// The agent's one configuration (style.md §10): defaults, then an optional JSON file, then environment variables by a
// derived name (TINNGUON_AGENT_<SECTION>_<KEY>), then the command line's --state. Validated once, every problem listed,
// frozen, passed down. Nothing else in the agent reads process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { AgentError } from '../errors.js';

/** Dated content is never trusted before this instant (design.md §11: "a date before the build"). Raised each release. */
export const AGENT_BUILD_TIME = Date.UTC(2026, 10, 1);

const Int = (minimum: number, maximum: number, fallback: number) => Type.Integer({ minimum, maximum, default: fallback });
const Section = <T extends TProperties>(properties: T) => Type.Object(properties, { additionalProperties: false, default: {} });

export const AgentConfigSchema = Type.Object(
  {
    /** Credentials, keys, manifest, cache, journal and replay store live here. */
    stateDir: Type.String({ minLength: 1, default: '/var/lib/tinnguon-agent' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
    audio: Section({
      driver: Type.Union([Type.Literal('auto'), Type.Literal('virtual'), Type.Literal('wav'), Type.Literal('speaker')], { default: 'auto' }),
      /** ALSA device for 'speaker', e.g. 'plughw:1,0' for a USB card; the system default when absent. */
      alsaDevice: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      /** Where 'wav' writes the last play; default <stateDir>/last-played.wav. */
      wavPath: Type.Optional(Type.String({ minLength: 1 })),
    }),
    led: Section({
      driver: Type.Union([Type.Literal('auto'), Type.Literal('png'), Type.Literal('rpi')], { default: 'auto' }),
      /** Board size for the PNG driver; a matrix's size comes from its geometry. */
      width: Int(8, 2048, 128),
      height: Int(8, 1024, 32),
      matrix: Type.Optional(
        Type.Object(
          {
            rows: Type.Union([Type.Literal(16), Type.Literal(32), Type.Literal(64)]),
            cols: Type.Union([Type.Literal(16), Type.Literal(32), Type.Literal(40), Type.Literal(64)]),
            chainLength: Type.Integer({ minimum: 1, maximum: 8 }),
            parallel: Type.Integer({ minimum: 1, maximum: 4 }),
            brightness: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            hardwareMapping: Type.Optional(Type.String({ maxLength: 40 })),
            gpioSlowdown: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
          },
          { additionalProperties: false },
        ),
      ),
      /** Mirror of "now showing" for technicians (throttled, atomic); none by default to spare the SD card. */
      snapshotFile: Type.Optional(Type.String({ minLength: 1 })),
    }),
    amplifier: Section({
      /** sysfs value file of the relay's GPIO line; a virtual amplifier when absent. */
      gpioValuePath: Type.Optional(Type.String({ minLength: 1 })),
      activeLow: Type.Boolean({ default: false }),
      /** The relay stays on this long after a play, so back-to-back items do not click it on and off. */
      offDelayMs: Int(0, 600_000, 3000),
    }),
    power: Section({
      /** sysfs value file of a mains-sense input (1 = mains present); the heartbeat says 'unknown' when absent. */
      sensePath: Type.Optional(Type.String({ minLength: 1 })),
      activeLow: Type.Boolean({ default: false }),
    }),
    temperaturePath: Type.Optional(Type.String({ minLength: 1 })),
    link: Section({
      /** Override the addresses enrolment stored, e.g. when the hub is reached through another name or a NAT. */
      hubUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
      mqttUrl: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?)://' })),
      /** MQTT keepalive; the hub refuses 0 and anything above 900 s. */
      keepaliveSec: Int(1, 900, 60),
      backoffBaseMs: Int(100, 60_000, 1000),
      backoffMaxMs: Int(1000, 3_600_000, 300_000),
      /** After a refused connection (the hub restarting), retry in 0.5–1.5 × this, for refusedWindowMs after the link was up. */
      refusedRetryMs: Int(250, 60_000, 1000),
      /** 0: refused connections back off exponentially like any other failure (a metered link that must not hurry). */
      refusedWindowMs: Int(0, 3_600_000, 60_000),
      connectTimeoutMs: Int(1000, 120_000, 15_000),
      /** A doorbell's manifest fetch waits a random 0–this ms, so a fleet rung at once does not fetch at once. */
      doorbellJitterMs: Int(0, 60_000, 1000),
    }),
    clock: Section({
      syncWithHub: Type.Boolean({ default: true }),
      /** Also trust the OS clock once systemd-timesyncd says it is synchronised. */
      trustSystemNtp: Type.Boolean({ default: false }),
      // Eight exchanges per round, as RFC 5905's clock filter holds eight: the best of more round trips is closer to the
      // true offset when the link or the CPU is busy (bench `skew`), at eight small messages per re-sync.
      samples: Int(1, 16, 8),
      resyncMin: Int(1, 1440, 30),
      notBefore: Type.Integer({ minimum: 0, default: AGENT_BUILD_TIME }),
      jumpThresholdMs: Int(100, 3_600_000, 2000),
    }),
    cache: Section({ reserveBytes: Int(0, 2 ** 40, 64 * 1024 * 1024) }),
    journal: Section({
      maxSegments: Int(2, 10_000, 20),
      segmentEntries: Int(10, 100_000, 1000),
      ackTimeoutMs: Int(1000, 600_000, 30_000),
    }),
    schedule: Section({
      /** Slots that ended this long ago, unaccounted for, are logged missed at start. */
      lookbackMin: Int(0, 7 * 24 * 60, 360),
      horizonHours: Int(1, 14 * 24, 26),
    }),
  },
  { additionalProperties: false },
);

export type AgentConfig = Readonly<Static<typeof AgentConfigSchema>>;

export const ENV_PREFIX = 'TINNGUON_AGENT_';

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** Scalar settings and the environment variable that overrides each, e.g. audio.driver ↔ TINNGUON_AGENT_AUDIO_DRIVER. */
export function envNames(): { path: string[]; name: string; type: string }[] {
  const out: { path: string[]; name: string; type: string }[] = [];
  const walk = (schema: TSchema, path: string[]): void => {
    const props = (schema as Partial<TObject>).properties;
    if (schema.type === 'object' && props !== undefined) {
      if (path.length > 0 && schema.default === undefined) return; // structured values (led.matrix) only from the file
      for (const [key, sub] of Object.entries(props)) walk(sub, [...path, key]);
      return;
    }
    const type = typeof schema.type === 'string' ? schema.type : 'string';
    out.push({ path, name: ENV_PREFIX + path.map(snake).join('_'), type });
  };
  walk(AgentConfigSchema, []);
  return out;
}

function coerce(raw: string, type: string): unknown {
  if (type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  return raw;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : (node[key] = {});
  }
  node[path[path.length - 1] ?? ''] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Pure: layers file values, environment and explicit overrides, validates, and freezes. Throws
 *  AGENT_ERR_CONFIG_INVALID naming every problem. */
export function resolveAgentConfig(
  fileValues: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  overrides: { readonly stateDir?: string } = {},
): AgentConfig {
  const merged = structuredClone(fileValues);
  for (const { path, name, type } of envNames()) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(merged, path, coerce(raw, type));
  }
  if (overrides.stateDir !== undefined) merged.stateDir = overrides.stateDir;
  const withDefaults = Value.Default(AgentConfigSchema, merged) as Record<string, unknown>;
  const problems = [...Value.Errors(AgentConfigSchema, withDefaults)].map((e) => `${e.path.slice(1) || '(root)'}: ${e.message}`);
  const config = withDefaults as AgentConfig;
  if (problems.length === 0 && config.link.backoffMaxMs < config.link.backoffBaseMs) problems.push('link/backoffMaxMs: must be ≥ backoffBaseMs');
  if (problems.length === 0 && config.led.driver === 'rpi' && config.led.matrix === undefined) {
    problems.push("led/matrix: the 'rpi' driver needs the panel geometry (rows, cols, chainLength, parallel)");
  }
  if (problems.length > 0) throw new AgentError('AGENT_ERR_CONFIG_INVALID', problems.join('; '));
  return deepFreeze({ ...config, stateDir: resolve(config.stateDir) });
}

/** Reads the JSON file (explicit, else TINNGUON_AGENT_CONFIG) and resolves. */
export function loadAgentConfig(sources: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly file?: string;
  readonly stateDir?: string;
}): AgentConfig {
  const file = sources.file ?? sources.env[`${ENV_PREFIX}CONFIG`];
  let fileValues: Record<string, unknown> = {};
  if (file !== undefined && file !== '') {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      fileValues = parsed as Record<string, unknown>;
    } catch (err) {
      throw new AgentError('AGENT_ERR_CONFIG_INVALID', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
  }
  return resolveAgentConfig(fileValues, sources.env, sources.stateDir === undefined ? {} : { stateDir: sources.stateDir });
}
