// The last good manifest on disk, so a device rebooted without network keeps its programme (issue 5: "through power
// cuts and dead networks"). Stored as the signed envelope and re-verified on load: a file on an SD card is not trusted
// more than a message. Expiry is not judged on load — the envelope was valid when it arrived, and its bulletins carry
// their own validity — but signature, key and target are.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { verifyEnvelope, type SignedEnvelope, type TrustedKey } from '@tinnguon/protocol';
import { writeFileAtomic } from '../journal/durable-fs.js';

export interface ManifestStoreOptions {
  readonly path: string;
  readonly deviceId: string;
  readonly trustedKeys: () => readonly TrustedKey[];
}

export type LoadedManifest =
  | { readonly state: 'none' }
  | { readonly state: 'loaded'; readonly envelope: SignedEnvelope<'manifest'> }
  | { readonly state: 'invalid'; readonly reason: string };

export class ManifestStore {
  readonly #o: ManifestStoreOptions;

  constructor(options: ManifestStoreOptions) {
    this.#o = options;
  }

  async load(): Promise<LoadedManifest> {
    let text: string;
    try {
      text = await readFile(this.#o.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
      return { state: 'invalid', reason: (err as Error).message };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { state: 'invalid', reason: 'not JSON' };
    }
    const issuedAt = (value as { issuedAt?: unknown } | null)?.issuedAt;
    const result = verifyEnvelope(value, 'manifest', {
      trustedKeys: this.#o.trustedKeys(),
      now: typeof issuedAt === 'number' ? issuedAt : 0,
      recipient: { deviceId: this.#o.deviceId, areaChain: [] },
    });
    return result.ok ? { state: 'loaded', envelope: result.value } : { state: 'invalid', reason: result.error.reason };
  }

  /** Atomic replace: a power cut leaves the old manifest or the new one, never half of either. */
  async save(envelope: SignedEnvelope<'manifest'>): Promise<void> {
    await writeFileAtomic(this.#o.path, Buffer.from(JSON.stringify(envelope), 'utf8'), dirname(this.#o.path));
  }
}
