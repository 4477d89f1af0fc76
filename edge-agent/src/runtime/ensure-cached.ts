// Media for a play comes from the cache, re-hashed right before use (SD cards rot): a missing, partial or corrupt
// file is never played; it is fetched again (verified by SHA-256 on the way in) and played if that works in time.
import type { MediaRef } from '@tinnguon/protocol';
import type { MediaCache, VerifiedMedia } from '../cache/media-cache.js';
import { isAgentError } from '../errors.js';

export type MediaSource = Pick<MediaCache, 'verifyCached' | 'download' | 'markUsed' | 'pathFor'>;

/** What a loudspeaker plays from: verified bytes of small media, or a verified file (runtime/media-gate.ts). */
export interface PlayableSource {
  loadVerified(media: MediaRef): Promise<VerifiedMedia>;
  downloadPlayable(media: MediaRef, signal: AbortSignal): Promise<VerifiedMedia>;
  markUsed(sha256: string): Promise<void>;
}

/** Resolves with a verified path. Rejects with the cache's coded errors (AGENT_ERR_DOWNLOAD, AGENT_ERR_ABORTED, …). */
export async function ensureCached(cache: MediaSource, media: MediaRef, signal: AbortSignal): Promise<string> {
  try {
    return await cache.verifyCached(media.sha256);
  } catch (err) {
    // verifyCached has already evicted a corrupt file.
    if (!isAgentError(err, 'AGENT_ERR_MEDIA_MISSING') && !isAgentError(err, 'AGENT_ERR_HASH_MISMATCH')) throw err;
  }
  return cache.download(media, signal);
}

/** ensureCached for a play: the verified bytes when the medium is small (hashed in memory, from the card or from the
 *  download, and played from there), else the verified path. Same errors. */
export async function ensurePlayable(source: PlayableSource, media: MediaRef, signal: AbortSignal): Promise<VerifiedMedia> {
  try {
    return await source.loadVerified(media);
  } catch (err) {
    // loadVerified has already evicted a corrupt file.
    if (!isAgentError(err, 'AGENT_ERR_MEDIA_MISSING') && !isAgentError(err, 'AGENT_ERR_HASH_MISMATCH')) throw err;
  }
  return source.downloadPlayable(media, signal);
}
