// Device secrets and enrolment codes; only hashes are stored (issue 3).
//
// Why SHA-256 and not scrypt here: a device secret is 256 random bits, so guessing is hopeless whatever the hash
// cost, while a slow hash would make 10,000 devices reconnecting after a hub restart cost minutes of CPU
// (benchmark `reconnect`). Slow hashing is for secrets people choose: officials' passwords use scrypt (issue 4).
// Enrolment codes are short but one-time, expire, and are looked up by hash, never compared one by one.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function tokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** What a device uses as its MQTT and HTTP password. */
export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

// No 0/O/1/I: codes are read aloud and typed by technicians on site. 12 characters carry 60 bits.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code such as `K7QM-2XPA-9WRD`. */
export function newEnrolmentCode(): string {
  const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

export function newDeviceId(kind: 'loudspeaker' | 'led', areaCode: string): string {
  return `${kind === 'led' ? 'bang' : 'loa'}-${areaCode.toLowerCase().replace(/[^a-z0-9]/g, '')}-${randomBytes(4).toString('hex')}`;
}
