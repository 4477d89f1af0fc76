// Builds the whole hub from one config: database, areas, devices, media, keys, dispatch, broker and HTTP app.
// Nothing listens until start(); stop() closes in reverse order (style.md §2, §7). main.ts and the tests share it.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AreaRepository, loadDemoProvinceIfEmpty, areaChain } from './areas/index.js';
import { installAttentionTone } from './attention-tone/index.js';
import { BulletinRepository } from './bulletins/index.js';
import { loadOrCreateAdminToken } from './app/admin-token.js';
import { createTrustLayer, type TrustOptions } from './authz/trust-layer.js';
import { buildApp } from './app/build-app.js';
import type { HubDeps } from './app/hub-deps.js';
import { HubMetrics } from './app/metrics.js';
import { createBroker, mqttOverWebSocket, type DeviceBroker } from './broker/index.js';
import { publicUrls, type HubConfig } from './config/config.js';
import { openDatabase, type Database } from './db/index.js';
import { DeviceRepository } from './devices/device-repository.js';
import { Dispatcher, type Publisher } from './dispatch/dispatcher.js';
import { SharedRead } from './dispatch/shared-read.js';
import { loadKeyring } from './keys/keyring.js';
import { DeviceMessageHandler } from './link/device-messages.js';
import { LogIngestor } from './logs/log-ingest.js';
import { MediaRepository } from './media-records/media-repository.js';
import { EspeakNgProvider, HttpTtsProvider, MediaStore, createLameEncoder, type MediaFs, type TtsProvider } from './media/index.js';

export interface HubOptions {
  readonly logger?: boolean | object;
  /** Test seam: a file system that can fail like a full disk. */
  readonly mediaFs?: MediaFs;
  readonly now?: () => number;
  /** Test seam: cheaper scrypt for tests that create many accounts; the hub itself always uses the strong default. */
  readonly trust?: TrustOptions;
}

export interface Hub {
  readonly app: FastifyInstance;
  readonly broker: DeviceBroker;
  readonly deps: HubDeps;
  readonly adminTokenCreated: boolean;
  start(): Promise<{ httpPort: number; mqttPort: number }>;
  stop(): Promise<void>;
}

function ttsFor(config: HubConfig): TtsProvider {
  if (config.ttsProvider === 'http' && config.ttsUrl !== undefined) {
    return new HttpTtsProvider({ url: config.ttsUrl, ...(config.ttsToken === undefined ? {} : { token: config.ttsToken }) });
  }
  return new EspeakNgProvider({ defaultVoice: config.ttsVoice, mp3Encoder: createLameEncoder() });
}

export async function createHub(config: HubConfig, options: HubOptions = {}): Promise<Hub> {
  const now = options.now ?? Date.now;
  // A fresh install has no data directory yet; it holds keys and tokens, so only the hub's user may read it.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const db: Database = await openDatabase(join(config.dataDir, 'hub.sqlite'));
  const areas = new AreaRepository(db);
  if (config.demoProvince) await loadDemoProvinceIfEmpty(areas);
  const devices = new DeviceRepository(db, now);
  const media = new MediaStore({ dataDir: config.dataDir, ...(options.mediaFs ? { fs: options.mediaFs } : {}) });
  await media.sweepTemp();
  const mediaRecords = new MediaRepository(db, media, now);
  // Before anything listens: a bad tone file stops start-up, and the first manifest already names the tone.
  const attentionTone = await installAttentionTone(config.attentionTone, { media: mediaRecords }).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const keyring = await loadKeyring(config.dataDir, now);
  const admin = await loadOrCreateAdminToken(config.dataDir);
  const metrics = new HubMetrics();
  const logs = new LogIngestor(db, now);
  const bulletins = new BulletinRepository(db, areas, now);

  // Every credential check needs the area chain: a reconnecting fleet shares tree reads (shared-read.ts).
  const areaTree = new SharedRead(() => areas.tree());
  const broker = createBroker({
    authenticator: {
      authenticateDevice: async (username, password) => {
        const device = await devices.authenticate(username, password);
        return device === undefined ? null : { deviceId: device.id, areaChain: areaChain(await areaTree.read(), device.areaCode) };
      },
    },
  });
  const publisher: Publisher = { publish: (topic, payload, opts) => broker.publish(topic, payload, opts) };
  const dispatcher = new Dispatcher({
    db, areas, devices, keyring, publisher, now,
    bulletins,
    horizonMs: config.manifestHorizonDays * 24 * 3600_000,
    settings: { volume: 80, heartbeatSec: 30 },
    ...(attentionTone === undefined ? {} : { attentionTone }),
    // Bound late: the app (and its logger) is built from these deps below; nothing is logged before start().
    log: { error: (obj, msg) => app.log.error(obj, msg) },
  });
  // The admin token stays as the break-glass credential: province administrator at the root, audited as such.
  const trust = createTrustLayer({ db, areas, bulletins, devices, adminToken: admin.token, now }, options.trust);
  // Read by enrolment at request time; start() rewrites it with the bound ports, so a hub on port 0 hands out where
  // it really listens (a configured publicUrl or publicMqttUrl still wins).
  const urls = { ...publicUrls(config) };
  const deps: HubDeps = {
    config, db, areas, devices, bulletins, media, mediaRecords, tts: ttsFor(config), keyring, logs, dispatcher, metrics, now,
    adminToken: admin.token,
    publicUrls: urls,
    sessions: { disconnect: (deviceId) => broker.disconnectDevice(deviceId) },
    trust,
  };
  const app = await buildApp(deps, { logger: options.logger ?? false, plugins: [mqttOverWebSocket(broker)] });
  // The time exchange answers on the hub's own clock (a test hub may run "at 17:35"), at sub-millisecond resolution.
  const hiResNow = options.now === undefined ? () => performance.timeOrigin + performance.now() : options.now;
  const handler = new DeviceMessageHandler({ devices, logs, dispatcher, publisher, metrics, log: app.log, now: hiResNow });
  broker.on('message', (deviceId, topic, payload) => void handler.handle(deviceId, topic, payload));
  broker.on('deviceDisconnected', (deviceId) => void handler.deviceDisconnected(deviceId));
  metrics.attach({ connectedDevices: () => broker.connectedDevices() });

  return {
    app,
    broker,
    deps,
    adminTokenCreated: admin.created,
    async start() {
      metrics.start();
      // Compile every route's schemas before devices are let in: after a restart the whole fleet reconnects at once
      // (issue 8, bench `reconnect`), and each device's next step is GET its manifest. Listening on MQTT first left
      // the HTTP port closed for the compile (0.3–1 s), during which a device already back could not resync.
      await app.ready();
      const { tcpPort } = await broker.start({ tcpPort: config.mqttPort, host: config.host, backlog: config.listenBacklog });
      await app.listen({ port: config.httpPort, host: config.host, backlog: config.listenBacklog });
      const address = app.server.address();
      const bound = { httpPort: typeof address === 'object' && address !== null ? address.port : config.httpPort, mqttPort: tcpPort ?? config.mqttPort };
      Object.assign(urls, publicUrls({ ...config, ...bound }));
      return bound;
    },
    async stop() {
      // Reverse order: stop taking HTTP, let a manifest refresh ring its doorbells, then close device connections
      // (their presence recorded), then flush logs and close the database.
      await app.close();
      await dispatcher.idle();
      await broker.stop();
      await handler.idle();
      await logs.idle();
      metrics.stop();
      await db.close();
    },
  };
}
