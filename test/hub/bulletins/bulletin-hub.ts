// A hub for bulletin tests, built from the real pieces (SQLite with the demo province, media store, espeak-ng,
// keyring, dispatcher) and driven through inject(). The publisher records what would go out on MQTT: it is the
// hub's own two-line interface, not a stand-in for the broker's behaviour.
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { MediaRef, ProgrammeSelection, TrustedKey } from '@tinnguon/protocol';
import { AreaRepository } from '../../../hub/src/areas/index.js';
import { buildApp } from '../../../hub/src/app/build-app.js';
import { installErrorHandler } from '../../../hub/src/app/error-handler.js';
import type { HubDeps } from '../../../hub/src/app/hub-deps.js';
import { HubMetrics } from '../../../hub/src/app/metrics.js';
import { bulletinRoutes } from '../../../hub/src/app/routes/bulletin-routes.js';
import {
  BulletinRepository, type ApprovalPolicy, type BulletinAction, type BulletinRecord, type BulletinTransition, type DispatchOutcome,
} from '../../../hub/src/bulletins/index.js';
import { resolveConfig } from '../../../hub/src/config/config.js';
import { DeviceRepository } from '../../../hub/src/devices/device-repository.js';
import { Dispatcher, type Publisher } from '../../../hub/src/dispatch/dispatcher.js';
import { loadKeyring } from '../../../hub/src/keys/keyring.js';
import { LogIngestor } from '../../../hub/src/logs/log-ingest.js';
import { EspeakNgProvider, MediaStore } from '../../../hub/src/media/index.js';
import { MediaRepository } from '../../../hub/src/media-records/media-repository.js';
import { openTestDb } from '../../helpers/hub-db.js';

export const TOKEN = 'test-token';
export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export interface Sent {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1;
}

export class RecordingPublisher implements Publisher {
  readonly sent: Sent[] = [];

  async publish(topic: string, payload: Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    this.sent.push({ topic, payload, qos: options.qos });
  }

  take(): Sent[] {
    return this.sent.splice(0, this.sent.length);
  }
}

export type BulletinView = BulletinRecord & { readonly actions: readonly BulletinAction[] };

/** Every field any bulletin route answers with; each reply holds some of them (the test's claim, like a row type). */
export interface Body {
  readonly bulletin: BulletinView;
  readonly bulletins: readonly BulletinView[];
  readonly history: readonly BulletinTransition[];
  readonly dispatch: DispatchOutcome;
  readonly selections: readonly ProgrammeSelection[];
  readonly stopId: string;
  readonly error: { readonly code: string; readonly message: string; readonly details: Readonly<Record<string, unknown>> };
}

export interface Reply {
  readonly status: number;
  readonly body: Body;
}

export interface TestHub {
  readonly app: FastifyInstance;
  readonly deps: HubDeps;
  readonly publisher: RecordingPublisher;
  /** The hub's clock; tests move it. */
  readonly clock: { now: number };
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown): Promise<Reply>;
  upload(fixture: string, mime: string): Promise<string>;
  /** An active loudspeaker or LED board in `area`. */
  device(kind: 'loudspeaker' | 'led', area: string): Promise<string>;
}

export interface TestHubOptions {
  /** Mounts the bulletin routes alone with these options instead of buildApp (which trusts no upstream key). */
  readonly upstreamKeys?: readonly TrustedKey[];
  readonly approvalPolicy?: ApprovalPolicy;
  /** The dispatcher's pause between slices of a fleet refresh (a test can hold a refresh there). */
  readonly yieldToLoop?: () => Promise<void>;
  /** The dispatcher's wait before the fleet refresh that follows an emergency. */
  readonly refreshLaterMs?: number;
}

export async function startHub(t: { teardown(fn: () => unknown): void }, options: TestHubOptions = {}): Promise<TestHub> {
  const testDb = await openTestDb();
  const { db, dir } = testDb;
  const clock = { now: Date.UTC(2026, 10, 23, 3, 0, 0) };
  const now = () => clock.now;
  const config = resolveConfig({ dataDir: dir }, {});
  const areas = new AreaRepository(db);
  const devices = new DeviceRepository(db, now);
  const media = new MediaStore({ dataDir: dir });
  const mediaRecords = new MediaRepository(db, media, now);
  const keyring = await loadKeyring(dir, now);
  const bulletins = new BulletinRepository(db, areas, now);
  const publisher = new RecordingPublisher();
  const dispatcher = new Dispatcher({
    db, areas, devices, bulletins, keyring, publisher, horizonMs: 3 * DAY, settings: { volume: 80, heartbeatSec: 30 }, now,
    ...(options.yieldToLoop === undefined ? {} : { yieldToLoop: options.yieldToLoop }),
    ...(options.refreshLaterMs === undefined ? {} : { refreshLaterMs: options.refreshLaterMs }),
  });
  const deps: HubDeps = {
    config, db, areas, devices, media, mediaRecords, tts: new EspeakNgProvider(), keyring, logs: new LogIngestor(db, now), dispatcher,
    metrics: new HubMetrics(), adminToken: TOKEN, bulletins, publicUrls: { http: 'http://127.0.0.1:0', mqtt: 'mqtt://127.0.0.1:0' }, now,
    // No broker here: nothing in the bulletin routes cuts device sessions.
    sessions: { disconnect: () => { throw new Error('no MQTT sessions in bulletin tests'); } },
  };
  let app: FastifyInstance;
  if (options.upstreamKeys === undefined && options.approvalPolicy === undefined) {
    app = await buildApp(deps);
  } else {
    app = Fastify();
    installErrorHandler(app);
    await app.register(bulletinRoutes(deps, options));
  }
  t.teardown(async () => {
    await app.close();
    // An emergency's manifests are refreshed after its answer; let that finish before the database closes.
    await dispatcher.idle();
    await testDb.close();
  });

  const call: TestHub['call'] = async (method, url, payload) => {
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.json<Body>() };
  };
  return {
    app, deps, publisher, clock, call,
    async upload(fixture, mime) {
      const bytes = readFileSync(new URL(fixture, new URL('../../fixtures/media/', import.meta.url)));
      const res = await app.inject({ method: 'POST', url: '/api/media', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': mime }, payload: bytes });
      if (res.statusCode !== 201) throw new Error(`upload failed: ${res.body}`);
      return res.json<{ ref: { sha256: string } }>().ref.sha256;
    },
    async device(kind, area) {
      const { enrolmentCode } = await devices.create({ kind, areaCode: area, name: `${kind} ${area}` });
      return (await devices.enrol(enrolmentCode)).device.id;
    },
  };
}

/** A sound priority bulletin for LED boards, from the province to one district; override what a test is about. */
export function ledDraft(clock: { now: number }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Lịch tiêm chủng mở rộng tháng 12',
    summary: 'Trạm y tế các xã tiêm vắc-xin sởi cho trẻ dưới 5 tuổi.',
    priority: 'priority',
    originArea: '67',
    targetAreas: ['660'],
    content: { kind: 'ledText', slide: { type: 'text', text: 'Tiêm chủng mở rộng: 8 giờ sáng thứ Bảy', durationMs: 8000 } },
    schedule: { type: 'nextWindow' },
    validUntil: clock.now + 2 * DAY,
    ...overrides,
  };
}

/** Creates, submits, approves and publishes; returns the bulletin id. */
export async function publishBulletin(hub: TestHub, draft: Record<string, unknown>): Promise<{ id: string; publish: Reply }> {
  const created = await hub.call('POST', '/api/bulletins', draft);
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const id = created.body.bulletin.id;
  for (const step of ['submit', 'approve']) {
    const r = await hub.call('POST', `/api/bulletins/${id}/${step}`);
    if (r.status !== 200) throw new Error(`${step} failed: ${JSON.stringify(r.body)}`);
  }
  return { id, publish: await hub.call('POST', `/api/bulletins/${id}/publish`) };
}

/** The synthesised speech of a submitted text bulletin. */
export function spoken(b: BulletinRecord): { readonly text: string; readonly media: MediaRef } {
  const c = b.resolvedContent;
  if (c?.kind !== 'tts') throw new Error(`expected speech, got ${c?.kind ?? 'nothing'}`);
  return c;
}
