// Media bytes held in memory for a player (issue 8: an emergency new to the device plays from the bytes it just
// downloaded). Each chunk is copied into one buffer of the signed size and hashed from that copy, so what is handed
// to a player is exactly what was hashed, whatever the HTTP client later does with its own chunk buffers
// (design.md §6: media is addressed by SHA-256 and verified before use).
import { createHash, type Hash } from 'node:crypto';
import type { MediaRef } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';

export class HashedBytes {
  readonly #media: MediaRef;
  readonly #bytes: Buffer;
  readonly #hash: Hash = createHash('sha256');
  #length = 0;

  constructor(media: MediaRef) {
    this.#media = media;
    this.#bytes = Buffer.allocUnsafe(media.bytes);
  }

  get length(): number {
    return this.#length;
  }

  /** Rejects AGENT_ERR_HASH_MISMATCH when the content runs past the signed size. */
  append(chunk: Uint8Array): void {
    const end = this.#length + chunk.byteLength;
    if (end > this.#media.bytes) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${this.#media.sha256}: longer than ${this.#media.bytes} bytes`);
    this.#bytes.set(chunk, this.#length);
    this.#hash.update(this.#bytes.subarray(this.#length, end));
    this.#length = end;
  }

  /** What has arrived so far (unverified: only for a part file that is hashed again when it is resumed). */
  received(): Buffer {
    return this.#bytes.subarray(0, this.#length);
  }

  /** The whole content once it hashes to its SHA-256. Rejects AGENT_ERR_DOWNLOAD when short, AGENT_ERR_HASH_MISMATCH
   *  when it does not match. Call once. */
  verified(): Buffer {
    const { sha256, bytes } = this.#media;
    if (this.#length < bytes) throw new AgentError('AGENT_ERR_DOWNLOAD', `${sha256}: ended at ${this.#length} of ${bytes}`);
    const digest = this.#hash.digest('hex');
    if (digest !== sha256) throw new AgentError('AGENT_ERR_HASH_MISMATCH', `${sha256}: got ${digest}`);
    return this.#bytes;
  }
}
