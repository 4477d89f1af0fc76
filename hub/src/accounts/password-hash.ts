// Passwords are stored as scrypt hashes (node:crypto; style.md §15). The parameters travel inside each stored hash,
// so raising them later only needs a rehash at the next sign-in, never a migration.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^17, r = 8, p = 1: 128 MiB and a few hundred milliseconds per guess (OWASP Password Storage Cheat Sheet's
 * scrypt row). Node's default maxmem is 32 MiB, so it is raised to fit.
 */
export const STRONG_SCRYPT: ScryptParams = Object.freeze({ logN: 17, r: 8, p: 1 });
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Stored hashes come from our own database; these bounds keep a damaged row from asking for gigabytes. */
const MAX_LOG_N = 20;
const MAX_R = 16;
const MAX_P = 4;

function maxmemFor(params: ScryptParams): number {
  return 128 * 2 ** params.logN * params.r * params.p * 2;
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: maxmemFor(params) };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

interface ParsedHash {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/** `scrypt$17$8$1$<salt>$<key>` (base64url), or undefined for anything else. */
export function parsePasswordHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const ok = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max;
  if (!ok(logN, MAX_LOG_N) || !ok(r, MAX_R) || !ok(p, MAX_P)) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { params: { logN, r, p }, salt, key };
}

export class PasswordHasher {
  readonly params: ScryptParams;
  #dummy: Promise<string> | undefined;

  /** Tests that create many accounts may pass cheaper parameters; the hub always uses STRONG_SCRYPT. */
  constructor(params: ScryptParams = STRONG_SCRYPT) {
    this.params = params;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, this.params);
    const { logN, r, p } = this.params;
    return `scrypt$${logN}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  /** Constant-time comparison; a malformed stored hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parsePasswordHash(stored);
    if (parsed === undefined) return false;
    const key = await derive(password, parsed.salt, parsed.params);
    return timingSafeEqual(key, parsed.key);
  }

  /**
   * Spends the same time as a real check for a username that does not exist, so response time does not tell an
   * attacker which usernames are real.
   */
  async verifyNobody(password: string): Promise<false> {
    this.#dummy ??= this.hash('không có tài khoản này');
    await this.verify(password, await this.#dummy);
    return false;
  }

  /** Whether a hash made with older parameters should be replaced at the next successful sign-in. */
  needsRehash(stored: string): boolean {
    const parsed = parsePasswordHash(stored);
    if (parsed === undefined) return true;
    const { logN, r, p } = parsed.params;
    return logN < this.params.logN || r < this.params.r || p < this.params.p;
  }
}
