// Decoded images for the renderer, from the agent's content-addressed cache. Decoding a PNG costs far more than
// drawing it, and a slide sequence shows the same few images over and over, so the last few decoded images are kept
// (also failures, so a corrupt file is not re-inflated every frame).
import { isAgentError } from '../errors.js';
import { decodePng } from './png-decode.js';
import type { ImageSource, RgbImage } from './render-types.js';

export function createPngImageSource(load: (sha256: string) => Uint8Array | undefined, maxEntries = 8): ImageSource {
  const cache = new Map<string, RgbImage | { readonly error: string }>();
  return (sha256) => {
    const hit = cache.get(sha256);
    if (hit !== undefined) {
      cache.delete(sha256);
      cache.set(sha256, hit);
      return hit;
    }
    const bytes = load(sha256);
    if (bytes === undefined) return undefined;
    let entry: RgbImage | { readonly error: string };
    try {
      entry = decodePng(bytes);
    } catch (err) {
      if (!isAgentError(err, 'AGENT_ERR_IMAGE_DECODE')) throw err;
      entry = { error: err.message };
    }
    cache.set(sha256, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value ?? '');
    return entry;
  };
}
