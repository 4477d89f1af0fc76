// What an attacker can put in front of a device (domain.md, incidents: forged and replayed siren commands, hijacked
// boards): genuine hub-signed content changed by one byte or one field, content signed by a key the device does not
// trust, genuine content replayed, expired, not yet valid, relabelled from exercise to live, or meant for another
// area or device. Pure generators over a seeded random source, so a failing case can be rebuilt from the seed.
import {
  encode, signEnvelope,
  type Bulletin, type BulletinContent, type EnvelopeType, type Manifest, type SignedEnvelope, type Signer, type UnsignedEnvelope,
} from '@tinnguon/protocol';

export type Channel = 'emergency' | 'stop' | 'command' | 'manifest';

/**
 * What the agent must do with a case, besides never acting on it:
 * - 'rejected': refused by the signed intake, which journals it as 'rejected';
 * - 'ignored': verified (the hub did sign it) but not acted on where it arrived (a priority bulletin on the urgent
 *   topic), logged locally only;
 * - 'fault': a manifest the hub signed but the agent refuses by version or owner, journaled as a 'fault';
 * - 'unparsed': a manifest body that is not JSON any more; the fetch fails, nothing is journaled;
 * - 'same': the manifest in force served again; nothing changes.
 */
export type Expect = 'rejected' | 'ignored' | 'fault' | 'unparsed' | 'same';

export interface ForgedCase {
  readonly channel: Channel;
  readonly category: string;
  readonly bytes: Buffer;
  readonly expect: Expect;
}

export interface CorpusContext {
  /** The hub's own signing key: what it signs is genuine, so any refusal below is about time, target or type. */
  readonly hub: Signer;
  readonly attacker: Signer;
  readonly deviceId: string;
  readonly otherDeviceId: string;
  /** The device's area chain, root → leaf. */
  readonly chain: readonly string[];
  /** Areas outside the chain. */
  readonly foreignAreas: readonly string[];
  /** Real media the device holds (a genuine emergency's speech), so genuine bulletins can play. */
  readonly content: BulletinContent;
  readonly now: () => number;
  readonly random: () => number;
  /** The manifest in force and an older one the device held before. */
  readonly manifest: () => SignedEnvelope<'manifest'>;
  readonly olderManifest: SignedEnvelope<'manifest'>;
  /** Genuine envelopes the device already took, to replay. */
  readonly taken: { readonly emergencies: Buffer[]; readonly commands: Buffer[] };
}

let serial = 0;
/** A fresh, well-formed id. */
export function freshId(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial.toString(36).padStart(8, '0')}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function genuineEmergency(
  ctx: CorpusContext, bulletinId: string, mode: 'live' | 'test' = 'live', priority: Bulletin['priority'] = 'emergency', content = ctx.content,
): UnsignedEnvelope<'bulletin'> {
  const now = ctx.now();
  const area = ctx.chain[1] ?? ctx.chain[0] ?? '';
  const payload: Bulletin = {
    bulletinId, revision: 1, title: mode === 'test' ? 'DIỄN TẬP — Cảnh báo lũ quét' : 'Cảnh báo lũ quét', priority, mode,
    originArea: ctx.chain[0] ?? area, originDepth: 0, targetAreas: [area], content, schedule: { type: 'now' }, repeat: 1,
    validFrom: now - 1000, validUntil: now + 3600_000,
  };
  return { type: 'bulletin', id: freshId('em'), issuedAt: now, expiresAt: now + 3600_000, mode, targets: { areas: [area], devices: [] }, payload };
}

export function genuineStop(ctx: CorpusContext): UnsignedEnvelope<'stop'> {
  const now = ctx.now();
  return { type: 'stop', id: freshId('stop'), issuedAt: now, expiresAt: now + 3600_000, mode: 'live', targets: { areas: [ctx.chain.at(-1) ?? ''], devices: [] }, payload: { scope: 'all', reason: 'Dừng phát theo lệnh Ban chỉ huy' } };
}

export function genuineCommand(ctx: CorpusContext, level = 35): UnsignedEnvelope<'command'> {
  const now = ctx.now();
  return { type: 'command', id: freshId('cmd'), issuedAt: now, expiresAt: now + 300_000, mode: 'live', targets: { areas: [], devices: [ctx.deviceId] }, payload: { action: 'volume', level } };
}

function unsignedOf<K extends EnvelopeType>(envelope: SignedEnvelope<K>): UnsignedEnvelope<K> {
  const { sig: _sig, keyId: _keyId, v: _v, ...rest } = envelope;
  return rest;
}

function genuineManifest(ctx: CorpusContext, change: (m: Manifest) => Manifest): UnsignedEnvelope<'manifest'> {
  const current = ctx.manifest();
  const now = ctx.now();
  return { ...unsignedOf(current), id: freshId('mf'), issuedAt: now, expiresAt: now + 3 * 86_400_000, payload: change(current.payload) };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => v as Obj;
const flip = (mode: unknown): string => (mode === 'live' ? 'test' : 'live');

/** One-field changes that keep the signature: each must fail verification (or decoding) on its own. */
const ENVELOPE_FIELDS: readonly ((e: Obj, ctx: CorpusContext) => void)[] = [
  (e) => (e.expiresAt = Number(e.expiresAt) + 86_400_000),
  (e) => (e.issuedAt = Number(e.issuedAt) - 1),
  (e) => (e.mode = flip(e.mode)),
  (e) => (e.id = freshId('evade-replay')),
  (e, ctx) => (e.keyId = ctx.attacker.keyId),
  (e) => delete e.sig,
  (e) => (e.sig = Buffer.alloc(64).toString('base64url')),
  (e) => {
    const sig = String(e.sig);
    e.sig = `${sig.slice(0, 40)}${sig[40] === 'A' ? 'B' : 'A'}${sig.slice(41)}`;
  },
  (e) => (e.v = 2),
  (e) => (obj(e.payload).injected = true),
  (e, ctx) => (obj(e.targets).areas = [...ctx.chain]),
  (e, ctx) => (obj(e.targets).devices = [ctx.deviceId, ctx.otherDeviceId]),
];

const FIELDS: Record<Exclude<Channel, 'manifest'>, readonly ((e: Obj, ctx: CorpusContext) => void)[]> = {
  emergency: [
    ...ENVELOPE_FIELDS,
    (e) => (obj(e.payload).title = 'Sơ tán toàn bộ ngay lập tức'),
    (e) => (obj(e.payload).mode = flip(obj(e.payload).mode)),
    (e) => (obj(e.payload).repeat = 50),
    (e) => (obj(e.payload).targetAreas = ['67']),
    (e) => (obj(e.payload).validUntil = Number(obj(e.payload).validUntil) + 7 * 86_400_000),
    (e) => (obj(e.payload).bulletinId = freshId('bt-evade')),
    (e) => (obj(e.payload).revision = 2),
    (e) => (obj(obj(obj(e.payload).content).media).sha256 = 'f'.repeat(64)),
    (e) => (obj(e.payload).content = { kind: 'ledText', slide: { type: 'text', text: 'Tin giả', durationMs: 5000 } }),
    (e) => (obj(e.payload).schedule = { type: 'once', at: Number(e.issuedAt) }),
    (e) => (e.type = 'stop'),
  ],
  stop: [
    ...ENVELOPE_FIELDS,
    (e) => (e.payload = { scope: 'bulletin', bulletinId: freshId('bt') }),
    (e) => (obj(e.payload).reason = 'Ngừng mọi cảnh báo'),
    (e) => (e.type = 'bulletin'),
  ],
  command: [
    ...ENVELOPE_FIELDS,
    (e) => (e.payload = { action: 'volume', level: 100 }),
    (e) => (e.payload = { action: 'reboot' }),
    (e) => (e.payload = { action: 'amplifier', on: false }),
    (e) => (e.payload = { action: 'playback', op: 'stop' }),
    (e) => (e.type = 'manifest'),
  ],
};

const MANIFEST_FIELDS: readonly ((e: Obj, ctx: CorpusContext) => void)[] = [
  ...ENVELOPE_FIELDS,
  (e) => (obj(e.payload).version = Number(obj(e.payload).version) + 1000),
  (e) => (obj(e.payload).windows = [{ start: '00:00', end: '24:00' }]),
  (e) => (obj(obj(e.payload).settings).volume = 100),
  (e, ctx) => (obj(e.payload).deviceId = ctx.otherDeviceId),
  (e) => (obj(e.payload).areaChain = ['67', '664', '24715']),
  (e) => (obj(e.payload).timeZone = 'Asia/Bangkok'),
  (e, ctx) => {
    const forged = genuineEmergency(ctx, freshId('bt-forged')).payload;
    obj(e.payload).bulletins = [...(obj(e.payload).bulletins as unknown[]), forged];
  },
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The same JSON value (a change the parser cannot see) — such a "mutation" is no mutation and is not counted. */
function sameValue(a: Buffer, original: string): boolean {
  try {
    return JSON.stringify(JSON.parse(utf8.decode(a))) === original;
  } catch {
    return false;
  }
}

export function flipOneByte(bytes: Buffer, random: () => number): Buffer {
  const original = bytes.toString('utf8');
  for (;;) {
    const copy = Buffer.from(bytes);
    const at = Math.floor(random() * copy.length);
    const value = Math.floor(random() * 256);
    if (copy[at] === value) continue;
    copy[at] = value;
    if (!sameValue(copy, original)) return copy;
  }
}

function parses(bytes: Buffer): boolean {
  try {
    JSON.parse(utf8.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function mutateField(envelope: SignedEnvelope, ctx: CorpusContext, fields: readonly ((e: Obj, ctx: CorpusContext) => void)[]): Buffer {
  const copy = structuredClone(envelope) as unknown as Obj;
  pick(ctx.random, fields)(copy, ctx);
  return Buffer.from(JSON.stringify(copy));
}

const DAY = 86_400_000;

/** Genuine, hub-signed envelopes refused for their time alone. */
function expired<K extends EnvelopeType>(ctx: CorpusContext, u: UnsignedEnvelope<K>): SignedEnvelope<K> {
  const now = ctx.now();
  const ago = 1 + Math.floor(ctx.random() * 30 * DAY);
  // Either long gone, or "expires before it was issued" (a window of zero or less).
  const span = ctx.random() < 0.2 ? { issuedAt: now - 1000, expiresAt: now - 1000 - Math.floor(ctx.random() * 1000) } : { issuedAt: now - ago - 3600_000, expiresAt: now - ago };
  return signEnvelope(ctx.hub, { ...u, ...span });
}

function notYetValid<K extends EnvelopeType>(ctx: CorpusContext, u: UnsignedEnvelope<K>): SignedEnvelope<K> {
  const issuedAt = ctx.now() + 6 * 60_000 + Math.floor(ctx.random() * 30 * DAY);
  return signEnvelope(ctx.hub, { ...u, issuedAt, expiresAt: issuedAt + 3600_000 });
}

export interface Templates {
  readonly emergency: readonly SignedEnvelope<'bulletin'>[];
  readonly exercise: readonly SignedEnvelope<'bulletin'>[];
  readonly stop: readonly SignedEnvelope<'stop'>[];
  readonly command: readonly SignedEnvelope<'command'>[];
}

/** Genuine envelopes that are never delivered as they are, only changed: the base of the mutation categories. */
export function templates(ctx: CorpusContext, n = 16): Templates {
  const make = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  return {
    emergency: make((i) => signEnvelope(ctx.hub, genuineEmergency(ctx, `bt-template-${i}-live`))),
    exercise: make((i) => signEnvelope(ctx.hub, genuineEmergency(ctx, `bt-template-${i}-test`, 'test'))),
    stop: make(() => signEnvelope(ctx.hub, genuineStop(ctx))),
    command: make((i) => signEnvelope(ctx.hub, genuineCommand(ctx, i))),
  };
}

type Maker = (ctx: CorpusContext, t: Templates) => Omit<ForgedCase, 'channel' | 'category'>;

const rejected = (bytes: Buffer): Omit<ForgedCase, 'channel' | 'category'> => ({ bytes, expect: 'rejected' });
const bytesOf = (e: SignedEnvelope): Buffer => Buffer.from(JSON.stringify(e));

function foreignTargets(ctx: CorpusContext): { areas: string[]; devices: string[] } {
  return ctx.random() < 0.3 ? { areas: [], devices: [ctx.otherDeviceId] } : { areas: [pick(ctx.random, ctx.foreignAreas)], devices: [] };
}

/** Per channel: category → how to make one case. */
export const MAKERS: Record<Channel, Record<string, Maker>> = {
  emergency: {
    'byte-flip': (ctx, t) => rejected(flipOneByte(encode('emergency', pick(ctx.random, t.emergency)), ctx.random)),
    'one-field': (ctx, t) => rejected(mutateField(pick(ctx.random, t.emergency), ctx, FIELDS.emergency)),
    'wrong-key': (ctx) => rejected(bytesOf(signEnvelope(ctx.attacker, genuineEmergency(ctx, freshId('bt-attacker'))))),
    'wrong-key-claiming-hub-id': (ctx) => rejected(bytesOf({ ...signEnvelope(ctx.attacker, genuineEmergency(ctx, freshId('bt-attacker'))), keyId: ctx.hub.keyId })),
    replayed: (ctx) => rejected(pick(ctx.random, ctx.taken.emergencies)),
    expired: (ctx) => rejected(bytesOf(expired(ctx, genuineEmergency(ctx, freshId('bt-old'))))),
    'not-yet-valid': (ctx) => rejected(bytesOf(notYetValid(ctx, genuineEmergency(ctx, freshId('bt-future'))))),
    'test-as-live': (ctx, t) => {
      if (ctx.random() < 0.5) {
        // A genuine exercise relabelled live, in the envelope or in the bulletin: the signature breaks.
        const copy = structuredClone(pick(ctx.random, t.exercise)) as unknown as Obj;
        if (ctx.random() < 0.5) copy.mode = 'live';
        else obj(copy.payload).mode = 'live';
        return rejected(Buffer.from(JSON.stringify(copy)));
      }
      // Signed, but the envelope and the bulletin disagree on live/test.
      const u = genuineEmergency(ctx, freshId('bt-relabel'), 'test');
      return rejected(bytesOf(signEnvelope(ctx.hub, { ...u, mode: 'live' })));
    },
    'out-of-area': (ctx) => rejected(bytesOf(signEnvelope(ctx.hub, { ...genuineEmergency(ctx, freshId('bt-elsewhere')), targets: foreignTargets(ctx) }))),
    'wrong-type': (ctx) => rejected(bytesOf(ctx.random() < 0.5 ? signEnvelope(ctx.hub, genuineStop(ctx)) : signEnvelope(ctx.hub, genuineCommand(ctx)))),
    'priority-on-urgent-topic': (ctx) => ({ bytes: bytesOf(signEnvelope(ctx.hub, genuineEmergency(ctx, freshId('bt-priority'), 'live', 'priority'))), expect: 'ignored' }),
  },
  stop: {
    'byte-flip': (ctx, t) => rejected(flipOneByte(encode('stop', pick(ctx.random, t.stop)), ctx.random)),
    'one-field': (ctx, t) => rejected(mutateField(pick(ctx.random, t.stop), ctx, FIELDS.stop)),
    'wrong-key': (ctx) => rejected(bytesOf(signEnvelope(ctx.attacker, genuineStop(ctx)))),
    expired: (ctx) => rejected(bytesOf(expired(ctx, genuineStop(ctx)))),
    'not-yet-valid': (ctx) => rejected(bytesOf(notYetValid(ctx, genuineStop(ctx)))),
    'out-of-area': (ctx) => rejected(bytesOf(signEnvelope(ctx.hub, { ...genuineStop(ctx), targets: foreignTargets(ctx) }))),
  },
  command: {
    'byte-flip': (ctx, t) => rejected(flipOneByte(encode('command', pick(ctx.random, t.command)), ctx.random)),
    'one-field': (ctx, t) => rejected(mutateField(pick(ctx.random, t.command), ctx, FIELDS.command)),
    'wrong-key': (ctx) => rejected(bytesOf(signEnvelope(ctx.attacker, genuineCommand(ctx, 100)))),
    replayed: (ctx) => rejected(pick(ctx.random, ctx.taken.commands)),
    expired: (ctx) => rejected(bytesOf(expired(ctx, genuineCommand(ctx, 100)))),
    'not-yet-valid': (ctx) => rejected(bytesOf(notYetValid(ctx, genuineCommand(ctx, 100)))),
    'other-device': (ctx) => rejected(bytesOf(signEnvelope(ctx.hub, { ...genuineCommand(ctx, 100), targets: { areas: [], devices: [ctx.otherDeviceId] } }))),
  },
  manifest: {
    'byte-flip': (ctx) => {
      const bytes = flipOneByte(bytesOf(ctx.manifest()), ctx.random);
      return { bytes, expect: parses(bytes) ? 'rejected' : 'unparsed' };
    },
    'one-field': (ctx) => rejected(mutateField(ctx.manifest(), ctx, MANIFEST_FIELDS)),
    'wrong-key': (ctx) => rejected(bytesOf(signEnvelope(ctx.attacker, genuineManifest(ctx, (m) => ({ ...m, version: m.version + 1000 }))))),
    expired: (ctx) => rejected(bytesOf(expired(ctx, genuineManifest(ctx, (m) => ({ ...m, version: m.version + 1000 }))))),
    'other-device': (ctx) => rejected(bytesOf(signEnvelope(ctx.hub, { ...genuineManifest(ctx, (m) => ({ ...m, deviceId: ctx.otherDeviceId, version: m.version + 1000 })), targets: { areas: [], devices: [ctx.otherDeviceId] } }))),
    // Signed for this device's address, but the manifest inside names another device: the agent's own judgement.
    'owner-swapped': (ctx) => ({ bytes: bytesOf(signEnvelope(ctx.hub, genuineManifest(ctx, (m) => ({ ...m, deviceId: ctx.otherDeviceId, version: m.version + 1000 })))), expect: 'fault' }),
    // An older manifest: replayed as it was, or re-signed (a hub restored from an old backup).
    rollback: (ctx) =>
      ctx.random() < 0.5
        ? { bytes: bytesOf(ctx.olderManifest), expect: 'fault' }
        : { bytes: bytesOf(signEnvelope(ctx.hub, genuineManifest(ctx, (m) => ({ ...m, version: Math.max(1, ctx.olderManifest.payload.version) })))), expect: 'fault' },
    'same-again': (ctx) => ({ bytes: bytesOf(ctx.manifest()), expect: 'same' }),
  },
};

/** How many of each category one round delivers: 1,000 on MQTT and 10 manifests. */
export const ROUND_MIX: Record<Channel, Record<string, number>> = {
  emergency: {
    'byte-flip': 280, 'one-field': 140, 'wrong-key': 80, 'wrong-key-claiming-hub-id': 20, replayed: 90, expired: 50, 'not-yet-valid': 30,
    'test-as-live': 50, 'out-of-area': 50, 'wrong-type': 10, 'priority-on-urgent-topic': 5,
  },
  stop: { 'byte-flip': 20, 'one-field': 10, 'wrong-key': 8, expired: 5, 'not-yet-valid': 2, 'out-of-area': 5 },
  command: { 'byte-flip': 60, 'one-field': 30, 'wrong-key': 15, replayed: 15, expired: 10, 'not-yet-valid': 5, 'other-device': 10 },
  // A manifest costs a whole sync (fetch, verify, judge, reconcile): fewer of them, every kind in every round.
  manifest: { 'byte-flip': 2, 'one-field': 2, 'wrong-key': 1, expired: 1, 'other-device': 1, 'owner-swapped': 1, rollback: 1, 'same-again': 1 },
};

/** One round's cases, shuffled (Fisher–Yates on the seeded source). */
export function roundCases(ctx: CorpusContext, t: Templates, channels: readonly Channel[]): ForgedCase[] {
  const out: ForgedCase[] = [];
  for (const channel of channels) {
    for (const [category, count] of Object.entries(ROUND_MIX[channel])) {
      const make = MAKERS[channel][category];
      if (make === undefined) throw new Error(`no maker for ${channel}/${category}`);
      for (let i = 0; i < count; i++) out.push({ channel, category, ...make(ctx, t) });
    }
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(ctx.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
