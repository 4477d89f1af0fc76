// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with node:crypto: HMAC-SHA-1, 30-second steps,
// 6 digits — what every authenticator app speaks. Pure apart from randomSecret(); the clock is a parameter.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: accept one step either side for clock drift and typing time. */
export const TOTP_DRIFT_STEPS = 1;
const SECRET_BYTES = 20;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take the secret. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Lenient about case, spaces and padding (people type secrets by hand); undefined for any other character. */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 §5.3: HMAC-SHA-1 of the 8-byte counter, dynamic truncation, `digits` decimal digits. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((unix seconds − T0) / X), T0 = 0, X = 30. */
export function totpStep(nowMs: number, stepSeconds = TOTP_STEP_SECONDS): number {
  return Math.floor(nowMs / 1000 / stepSeconds);
}

export function totp(secret: Uint8Array, nowMs: number, digits = TOTP_DIGITS, stepSeconds = TOTP_STEP_SECONDS): string {
  return hotp(secret, totpStep(nowMs, stepSeconds), digits);
}

export type TotpCheck = { readonly ok: true; readonly step: number } | { readonly ok: false };

/**
 * Accepts a code from one step before to one step after now, but only for a step later than `lastUsedStep`: a code
 * seen once (over a shoulder, in a proxy log) cannot be replayed, not even within its own 30 seconds.
 */
export function verifyTotp(secret: Uint8Array, code: string, nowMs: number, lastUsedStep: number | null): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  const given = Buffer.from(code);
  const current = totpStep(nowMs);
  let matched: number | undefined;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    // Every candidate is compared, matched or not, so timing does not reveal which step matched.
    const same = timingSafeEqual(given, Buffer.from(hotp(secret, step)));
    if (same && matched === undefined && (lastUsedStep === null || step > lastUsedStep)) matched = step;
  }
  return matched === undefined ? { ok: false } : { ok: true, step: matched };
}

export function randomTotpSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

/** The otpauth:// URI authenticator apps read from a QR code (Key Uri Format). */
export function otpauthUri(secret: Uint8Array, username: string, issuer = 'TinNguon'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  const query = new URLSearchParams({
    secret: base32Encode(secret), issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
