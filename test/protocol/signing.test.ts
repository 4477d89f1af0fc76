import t from 'tap';
import fc from 'fast-check';
import {
  EnvelopeSchema,
  parseJsonBytes,
  signEnvelope,
  validate,
  verifyEnvelope,
  type SignedEnvelope,
  type VerifyContext,
} from '@tinnguon/protocol';
import { CHAIN, DEVICE, SAMPLES, signedEmergency, T0 } from '../helpers/samples.js';
import { TEST_ATTACKER_KEY, TEST_HUB_KEY, TEST_ROTATED_KEY } from '../helpers/test-keys.js';

const ctx: VerifyContext = {
  trustedKeys: [TEST_HUB_KEY.publicKey],
  now: T0 + 1000,
  recipient: { deviceId: DEVICE, areaChain: CHAIN },
  replay: { has: () => false },
};
const emergency = signedEmergency();
const wire = Buffer.from(JSON.stringify(emergency));

function verifyBytes(bytes: Uint8Array, context = ctx) {
  const parsed = parseJsonBytes(bytes, 64 * 1024);
  return parsed.ok ? verifyEnvelope(parsed.value, 'bulletin', context) : parsed;
}

t.test('a genuine emergency verifies for a device inside its target area', async (t) => {
  const r = verifyBytes(wire);
  t.ok(r.ok, r.ok ? '' : r.error.reason);
});

t.test('property: any single-byte mutation of the signed bytes fails verification', async () => {
  fc.assert(
    fc.property(fc.nat({ max: wire.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
      const mutated = Buffer.from(wire);
      mutated[index] = (mutated[index]! + delta) % 256;
      return !verifyBytes(mutated).ok;
    }),
    { numRuns: 20_000 },
  );
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
function leafPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return entries.flatMap(([k, v]) => leafPaths(v, [...path, k]));
  }
  return [path];
}
function setAt(root: Json, path: (string | number)[], next: (old: Json) => Json): Json {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  node[last] = next(node[last]!);
  return copy;
}
/** A different value of the same kind, mostly still schema-valid, so the signature check is what must catch it. */
function tweak(old: Json, seed: number): Json {
  if (typeof old === 'number') return old + (seed % 2 === 0 ? 1 : -1);
  if (typeof old === 'boolean') return !old;
  if (typeof old === 'string' && old.length > 0) {
    const i = seed % old.length;
    const c = old[i]!;
    const swap = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-f]/.test(c) ? (c === 'f' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) : /[a-z]/.test(c) ? (c === 'z' ? 'a' : String.fromCharCode(c.charCodeAt(0) + 1)) : /[A-Z]/.test(c) ? (c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1)) : 'x';
    return old.slice(0, i) + swap + old.slice(i + 1);
  }
  return 'x';
}

t.test('property: any single-field mutation fails with the right reason', async () => {
  const base = emergency as unknown as Json;
  const paths = leafPaths(base).filter((p) => p[0] !== 'sig');
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.nat(), (path, seed) => {
      const mutated = setAt(base, path, (old) => tweak(old, seed));
      const r = verifyEnvelope(mutated, 'bulletin', ctx);
      if (r.ok) return false;
      // The envelope's shape is checked first; the payload is only read once its signature holds.
      const shapeOk = validate(EnvelopeSchema, mutated).ok;
      const expected = !shapeOk ? 'PROTO_ERR_SCHEMA' : path[0] === 'keyId' ? 'PROTO_ERR_UNKNOWN_KEY' : path[0] === 'type' ? 'PROTO_ERR_WRONG_TYPE' : 'PROTO_ERR_BAD_SIGNATURE';
      return r.error.code === expected;
    }),
    { numRuns: 5_000 },
  );
});

t.test('reasons: replayed, expired, not yet valid, not for me, unknown key', async (t) => {
  const seen = new Set([emergency.id]);
  const replay = verifyEnvelope(emergency, 'bulletin', { ...ctx, replay: { has: (id) => seen.has(id) } });
  t.equal(replay.ok ? '' : replay.error.code, 'PROTO_ERR_REPLAYED');

  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 * 24 * 3600_000 }), (late) => {
      const r = verifyEnvelope(emergency, 'bulletin', { ...ctx, now: emergency.expiresAt + late });
      return !r.ok && r.error.code === 'PROTO_ERR_EXPIRED';
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 5 * 60_000 + 1, max: 365 * 24 * 3600_000 }), (early) => {
      const r = verifyEnvelope(emergency, 'bulletin', { ...ctx, now: emergency.issuedAt - early });
      return !r.ok && r.error.code === 'PROTO_ERR_NOT_YET_VALID';
    }),
  );
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[0-9]{2,5}$/), { minLength: 1, maxLength: 4 }).filter((chain) => !chain.includes('660')),
      (chain) => {
        const r = verifyEnvelope(emergency, 'bulletin', { ...ctx, recipient: { deviceId: 'loa-khac-99', areaChain: chain } });
        return !r.ok && r.error.code === 'PROTO_ERR_NOT_FOR_ME';
      },
    ),
  );

  const forged = signEnvelope(TEST_ATTACKER_KEY, { ...emergency, id: 'env-forged-0001' });
  const r1 = verifyEnvelope(forged, 'bulletin', ctx);
  t.equal(r1.ok ? '' : r1.error.code, 'PROTO_ERR_UNKNOWN_KEY', 'a key nobody trusts');
  const spoofed = { ...forged, keyId: TEST_HUB_KEY.keyId };
  const r2 = verifyEnvelope(spoofed, 'bulletin', ctx);
  t.equal(r2.ok ? '' : r2.error.code, 'PROTO_ERR_BAD_SIGNATURE', "an attacker's signature under the hub's key id");
});

t.test('a test/exercise cannot pass as live, and the flag is signed', async (t) => {
  const flipped = { ...emergency, mode: 'test' } as SignedEnvelope;
  const r = verifyEnvelope(flipped, 'bulletin', ctx);
  t.equal(r.ok ? '' : r.error.code, 'PROTO_ERR_BAD_SIGNATURE');
  const exercise = signedEmergency({ mode: 'test' });
  t.equal(exercise.mode, 'test');
  t.ok(verifyEnvelope(exercise, 'bulletin', ctx).ok);
  const inconsistent = signEnvelope(TEST_HUB_KEY, { ...exercise, mode: 'live' });
  const r2 = verifyEnvelope(inconsistent, 'bulletin', ctx);
  t.equal(r2.ok ? '' : r2.error.code, 'PROTO_ERR_MODE_MISMATCH');
});

t.test('key rotation: two trusted keys both verify; a retired key does not', async (t) => {
  const rotated = signEnvelope(TEST_ROTATED_KEY, { ...emergency, id: 'env-rotated-0001' });
  const both = { ...ctx, trustedKeys: [TEST_HUB_KEY.publicKey, TEST_ROTATED_KEY.publicKey] };
  t.ok(verifyEnvelope(emergency, 'bulletin', both).ok, 'old key');
  t.ok(verifyEnvelope(rotated, 'bulletin', both).ok, 'new key');
  const retired = { ...ctx, trustedKeys: [{ ...TEST_HUB_KEY.publicKey, notAfter: T0 - 1 }, TEST_ROTATED_KEY.publicKey] };
  const r = verifyEnvelope(emergency, 'bulletin', retired);
  t.equal(r.ok ? '' : r.error.code, 'PROTO_ERR_UNKNOWN_KEY');
});

t.test('signatures do not depend on key order', async () => {
  fc.assert(
    fc.property(fc.nat(), (seed) => {
      const shuffle = <T>(xs: T[]) => xs.map((x, i) => [((seed + i * 7919) % 1009) ^ i, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
      const reorder = (v: unknown): unknown =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(shuffle(Object.entries(v)).map(([k, x]) => [k, reorder(x)]))
          : Array.isArray(v) ? v.map(reorder) : v;
      return verifyEnvelope(reorder(emergency), 'bulletin', ctx).ok;
    }),
    { numRuns: 300 },
  );
});

t.test('the wrong envelope type for the context is refused', async (t) => {
  const r = verifyEnvelope(SAMPLES.command, 'bulletin', ctx);
  t.equal(r.ok ? '' : r.error.code, 'PROTO_ERR_WRONG_TYPE');
  t.ok(verifyEnvelope(SAMPLES.command, 'command', ctx).ok, 'a command addressed to this device by id');
});
