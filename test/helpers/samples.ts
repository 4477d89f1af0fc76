// One valid example of every message, used by golden fixtures, fuzzing and property tests.
import {
  signEnvelope,
  type Bulletin,
  type Manifest,
  type MessageOf,
  type SignedEnvelope,
  type TopicName,
} from '@tinnguon/protocol';
import { TEST_HUB_KEY } from './test-keys.js';

export const T0 = Date.UTC(2026, 10, 23, 3, 0, 0); // 10:00 in Asia/Ho_Chi_Minh
export const DEVICE = 'loa-xa-dak-nia-01';
export const CHAIN = ['67', '660', '24616'];
const SHA = 'a3f1c2'.padEnd(64, '0');

export function sampleBulletin(overrides: Partial<Bulletin> = {}): Bulletin {
  return {
    bulletinId: 'bt-2026-11-23-0001',
    revision: 1,
    title: 'Thông báo khẩn: nước lũ sông Krông Nô đang lên',
    summary: 'Người dân vùng trũng di chuyển đến nơi an toàn trước 17 giờ.',
    author: 'Ban Chỉ huy PCTT tỉnh',
    priority: 'emergency',
    mode: 'live',
    originArea: '67',
    originDepth: 0,
    targetAreas: ['660'],
    content: { kind: 'tts', text: 'Thông báo khẩn. Nước lũ đang lên.', media: { sha256: SHA, bytes: 48_213, mime: 'audio/mpeg', durationMs: 12_040 } },
    schedule: { type: 'now' },
    repeat: 3,
    validFrom: T0,
    validUntil: T0 + 6 * 3600_000,
    ...overrides,
  };
}

export function sampleManifest(): Manifest {
  return {
    deviceId: DEVICE,
    version: 42,
    generatedAt: T0,
    kind: 'loudspeaker',
    areaChain: CHAIN,
    timeZone: 'Asia/Ho_Chi_Minh',
    windows: [
      { start: '05:00', end: '06:30' },
      { start: '17:00', end: '18:30' },
    ],
    settings: { volume: 80, heartbeatSec: 30 },
    bulletins: [sampleBulletin({ priority: 'priority', schedule: { type: 'nextWindow' }, repeat: 1 })],
    selections: [{ bulletinId: 'bt-2026-11-23-0001', order: 1 }],
    recalled: [],
  };
}

export function signedEmergency(overrides: Partial<Bulletin> = {}): SignedEnvelope<'bulletin'> {
  const payload = sampleBulletin(overrides);
  return signEnvelope(TEST_HUB_KEY, {
    type: 'bulletin',
    id: 'env-emergency-0001',
    issuedAt: T0,
    expiresAt: T0 + 3600_000,
    mode: payload.mode,
    targets: { areas: payload.targetAreas, devices: [] },
    payload,
  });
}

export const SAMPLES: { [N in TopicName]: MessageOf<N> } = {
  doorbell: { manifestVersion: 42, at: T0 },
  command: signEnvelope(TEST_HUB_KEY, {
    type: 'command',
    id: 'cmd-0001-volume',
    issuedAt: T0,
    expiresAt: T0 + 300_000,
    mode: 'live',
    targets: { areas: [], devices: [DEVICE] },
    payload: { action: 'volume', level: 70 },
  }),
  logAck: { fromSeq: 101, toSeq: 150, stored: 48, duplicates: 2 },
  timeResponse: { t0: T0, t1: T0 + 12.5, t2: T0 + 12.75 },
  status: { state: 'online', at: T0, version: '0.1.0' },
  heartbeat: {
    at: T0,
    version: '0.1.0',
    uptimeSec: 3600,
    volume: 80,
    amplifier: 'on',
    power: 'mains',
    playing: { bulletinId: 'bt-2026-11-23-0001', priority: 'emergency', mode: 'live', startedAt: T0 - 2000, paused: false },
    queued: 2,
    manifestVersion: 42,
    clock: { trusted: true, offsetMs: -3.2, rttMs: 18.4 },
    cache: { files: 12, bytes: 4_812_345, missing: 0 },
    disk: { freeBytes: 3_000_000_000, totalBytes: 15_000_000_000 },
    temperatureC: 51.2,
    pendingLogs: 0,
  },
  logBatch: {
    entries: [
      { seq: 101, at: T0, event: 'played', bulletinId: 'bt-2026-11-23-0001', revision: 1, priority: 'emergency', mode: 'live', slotAt: T0 - 12_000, startedAt: T0 - 12_000, endedAt: T0, playedMs: 12_000 },
      { seq: 102, at: T0 + 1, event: 'rejected', reason: 'PROTO_ERR_BAD_SIGNATURE', detail: 'Bản tin giả mạo bị từ chối' },
    ],
  },
  commandResult: { commandId: 'cmd-0001-volume', ok: true, at: T0 + 150 },
  timeRequest: { t0: T0 },
  emergency: signedEmergency(),
  stop: signEnvelope(TEST_HUB_KEY, {
    type: 'stop',
    id: 'stop-0001-all',
    issuedAt: T0,
    expiresAt: T0 + 3600_000,
    mode: 'live',
    targets: { areas: ['67'], devices: [] },
    payload: { scope: 'all', reason: 'Dừng phát khẩn cấp theo lệnh Ban chỉ huy' },
  }),
};
