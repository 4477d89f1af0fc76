// One validated configuration for the hub (style.md §10): defaults, then an optional JSON file, then environment
// variables; validated once, frozen, passed down. Nothing else in the hub reads process.env.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { HubError } from '../errors.js';

const Port = (fallback: number) => Type.Integer({ minimum: 0, maximum: 65535, default: fallback });

export const HubConfigSchema = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '0.0.0.0' }),
    httpPort: Port(8080),
    mqttPort: Port(1883),
    /**
     * Completed TCP handshakes the kernel holds for the hub to accept, on each port; the kernel caps it at
     * net.core.somaxconn (4096 on Debian; scripts/setup raises it to 16384). See listen-backlog.ts.
     */
    listenBacklog: Type.Integer({ minimum: 1, maximum: 65_535, default: 16_384 }),
    dataDir: Type.String({ minLength: 1, default: './data' }),
    /** How devices and browsers reach this hub; derived from host and port when absent. */
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    publicMqttUrl: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?)://' })),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), { default: 'info' }),
    demoProvince: Type.Boolean({ default: true }),
    /** Simulated devices `npm start` runs beside the hub for newcomers (issue 7); 0 turns them off. */
    demoFleet: Type.Integer({ minimum: 0, maximum: 1000, default: 6 }),
    uploadMaxBytes: Type.Integer({ minimum: 1024, default: 50 * 1024 * 1024 }),
    manifestHorizonDays: Type.Integer({ minimum: 1, maximum: 14, default: 3 }),
    ttsProvider: Type.Union([Type.Literal('espeak-ng'), Type.Literal('http')], { default: 'espeak-ng' }),
    ttsUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    ttsToken: Type.Optional(Type.String()),
    ttsVoice: Type.String({ default: 'vi' }),
    /**
     * Played before every emergency (design.md §5): 'default' (the hub's chime), 'off', or the path of an operator's
     * own 16-bit PCM WAV, checked at start (HUB_ERR_ATTENTION_TONE_INVALID stops the hub).
     */
    attentionTone: Type.String({ minLength: 1, default: 'default' }),
  },
  { additionalProperties: false },
);
export type HubConfig = Readonly<Static<typeof HubConfigSchema>>;

/** Environment names: the ones the README documents first, then TINNGUON_<KEY> for everything. */
const ENV_NAMES: Partial<Record<keyof HubConfig, string>> = {
  httpPort: 'HUB_PORT',
  mqttPort: 'MQTT_PORT',
  dataDir: 'DATA_DIR',
};

function envNameFor(key: string): string {
  return `TINNGUON_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function coerce(raw: string, key: string): unknown {
  const type = (HubConfigSchema.properties as Record<string, { type?: string }>)[key]?.type;
  if (type === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (type === 'integer') return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  return raw;
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Explicit config file; otherwise TINNGUON_CONFIG from the environment, if set. */
  readonly file?: string;
}

/** Pure: layers values and validates them, listing every problem at once. */
export function resolveConfig(fileValues: Record<string, unknown>, env: ConfigSources['env']): HubConfig {
  const merged: Record<string, unknown> = { ...fileValues };
  for (const key of Object.keys(HubConfigSchema.properties)) {
    const names = [ENV_NAMES[key as keyof HubConfig], envNameFor(key)].filter((n): n is string => n !== undefined);
    const raw = names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
    if (raw !== undefined) merged[key] = coerce(raw, key);
  }
  const withDefaults = Value.Default(HubConfigSchema, merged) as Record<string, unknown>;
  const problems = [...Value.Errors(HubConfigSchema, withDefaults)].map((e) => `${e.path.slice(1) || '(root)'}: ${e.message}`);
  if (problems.length > 0) throw new HubError('HUB_ERR_CONFIG_INVALID', problems.join('; '), problems);
  const config = withDefaults as HubConfig;
  // A tone file is found from where the hub was started, as the data directory is.
  const tone = config.attentionTone === 'default' || config.attentionTone === 'off' ? config.attentionTone : resolve(config.attentionTone);
  return Object.freeze({ ...config, dataDir: resolve(config.dataDir), attentionTone: tone });
}

export function loadConfig(sources: ConfigSources): HubConfig {
  const file = sources.file ?? sources.env.TINNGUON_CONFIG;
  let fileValues: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      fileValues = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new HubError('HUB_ERR_CONFIG_INVALID', `cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return resolveConfig(fileValues, sources.env);
}

export function publicUrls(config: HubConfig): { http: string; mqtt: string } {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    http: config.publicUrl ?? `http://${host}:${config.httpPort}`,
    mqtt: config.publicMqttUrl ?? `mqtt://${host}:${config.mqttPort}`,
  };
}
