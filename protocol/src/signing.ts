// Ed25519 signing and verification through node:crypto (design.md §6).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalBytes } from './canonical.js';
import { PAYLOAD_SCHEMAS, EnvelopeSchema, type EnvelopeType, type SignedEnvelope, type UnsignedEnvelope } from './envelope.js';
import { fail, ok, type Result } from './errors.js';
import { validate } from './validate.js';

/** A public key a device trusts. Several may be trusted at once, which is how keys rotate. */
export interface TrustedKey {
  readonly keyId: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  readonly publicKey: string;
  /** Content issued after this instant under this key is refused (a retired key). */
  readonly notAfter?: number;
}

export interface Signer {
  readonly keyId: string;
  readonly publicKey: TrustedKey;
  sign(message: Buffer): Buffer;
}

export interface ReplayCheck {
  has(id: string): boolean;
}

export interface Recipient {
  readonly deviceId?: string;
  /** The recipient's area chain, root → leaf. */
  readonly areaChain: readonly string[];
}

export interface VerifyContext {
  readonly trustedKeys: readonly TrustedKey[];
  readonly now: number;
  /** Tolerated clock disagreement for issued-at in the future. */
  readonly maxFutureSkewMs?: number;
  readonly replay?: ReplayCheck;
  /** Omit only where the caller checks targeting itself. */
  readonly recipient?: Recipient;
}

const DOMAIN = 'tinnguon/v1/signed\n';

export function keyIdOf(rawPublicKey: Buffer): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function signerFromPrivateKey(privateKey: KeyObject | string, notAfter?: number): Signer {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const raw = rawPublicKey(createPublicKey(key));
  const keyId = keyIdOf(raw);
  const publicKey: TrustedKey = { keyId, publicKey: raw.toString('base64url'), ...(notAfter === undefined ? {} : { notAfter }) };
  return { keyId, publicKey, sign: (message) => sign(null, message, key) };
}

/** A fresh key pair; the private key comes back as PKCS#8 PEM for storage with mode 600. */
export function generateSigningKey(): { signer: Signer; privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { signer: signerFromPrivateKey(privateKey), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function signingInput(envelope: Omit<SignedEnvelope, 'sig'>): Buffer {
  return Buffer.concat([Buffer.from(DOMAIN, 'utf8'), canonicalBytes(envelope)]);
}

export function signEnvelope<K extends EnvelopeType>(signer: Signer, unsigned: UnsignedEnvelope<K>): SignedEnvelope<K> {
  // Fields are picked one by one so that stray properties (say, an old `sig`) are never signed along.
  const { type, id, issuedAt, expiresAt, mode, targets, payload } = unsigned;
  const body = { v: 1 as const, type, id, keyId: signer.keyId, issuedAt, expiresAt, mode, targets, payload };
  return { ...body, sig: signer.sign(signingInput(body)).toString('base64url') };
}

/**
 * Parsed trusted keys by their base64url bytes. Parsing a JWK costs about as much as the verify itself, and an agent
 * verifies every envelope with the same one or two keys (bench `emergency`: ~0.2 ms per envelope, 1,000 agents per
 * worker). Only trusted keys reach here, a handful per device; the bound is against a caller that rotates many.
 */
const parsedKeys = new Map<string, KeyObject | undefined>();
const PARSED_KEYS_MAX = 64;

function publicKeyObject(key: TrustedKey): KeyObject | undefined {
  if (parsedKeys.has(key.publicKey)) return parsedKeys.get(key.publicKey);
  let parsed: KeyObject | undefined;
  try {
    parsed = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
  } catch {
    parsed = undefined;
  }
  if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
  parsedKeys.set(key.publicKey, parsed);
  return parsed;
}

function isForRecipient(targets: SignedEnvelope['targets'], recipient: Recipient): boolean {
  if (recipient.deviceId !== undefined && targets.devices.includes(recipient.deviceId)) return true;
  return targets.areas.some((area) => recipient.areaChain.includes(area));
}

/**
 * Verifies a signed envelope of the expected type. Checks run from structure to signature to time to targeting, so a
 * tampered message reports a bad signature rather than, say, being expired. Never throws.
 */
export function verifyEnvelope<K extends EnvelopeType>(
  input: unknown,
  expectedType: K,
  ctx: VerifyContext,
): Result<SignedEnvelope<K>> {
  const shape = validate(EnvelopeSchema, input);
  if (!shape.ok) return shape;
  const envelope = shape.value as SignedEnvelope;
  if (envelope.type !== expectedType) return fail('PROTO_ERR_WRONG_TYPE', `expected ${expectedType}, got ${envelope.type}`);
  const trusted = ctx.trustedKeys.find((k) => k.keyId === envelope.keyId);
  if (trusted === undefined) return fail('PROTO_ERR_UNKNOWN_KEY', envelope.keyId);
  const key = publicKeyObject(trusted);
  if (key === undefined) return fail('PROTO_ERR_UNKNOWN_KEY', `unusable key ${envelope.keyId}`);
  const { sig, ...body } = envelope;
  let valid = false;
  try {
    valid = verify(null, signingInput(body), key, Buffer.from(sig, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return fail('PROTO_ERR_BAD_SIGNATURE');
  if (trusted.notAfter !== undefined && envelope.issuedAt > trusted.notAfter) {
    return fail('PROTO_ERR_UNKNOWN_KEY', `key ${envelope.keyId} retired`);
  }
  const payload = validate(PAYLOAD_SCHEMAS[expectedType], envelope.payload);
  if (!payload.ok) return payload;
  const payloadMode = (envelope.payload as { mode?: unknown }).mode;
  if (payloadMode !== undefined && payloadMode !== envelope.mode) return fail('PROTO_ERR_MODE_MISMATCH');
  if (envelope.expiresAt <= envelope.issuedAt) return fail('PROTO_ERR_EXPIRED', 'expires before it was issued');
  if (ctx.now >= envelope.expiresAt) return fail('PROTO_ERR_EXPIRED');
  if (envelope.issuedAt > ctx.now + (ctx.maxFutureSkewMs ?? 5 * 60_000)) return fail('PROTO_ERR_NOT_YET_VALID');
  if (ctx.replay?.has(envelope.id) === true) return fail('PROTO_ERR_REPLAYED', envelope.id);
  if (ctx.recipient !== undefined && !isForRecipient(envelope.targets, ctx.recipient)) return fail('PROTO_ERR_NOT_FOR_ME');
  return ok(envelope as SignedEnvelope<K>);
}
