// Content sniffing: what a file IS, judged by its bytes, never by its name or the client's word (design.md §6 and
// the "devices that play whatever they are sent" lesson in domain.md). Pure.

import { HubError } from '../errors.js';
import { readJpegHeader } from './jpeg-image.js';
import type { MediaMime, SniffResult } from './media-types.js';
import { MEDIA_MIMES } from './media-types.js';
import { confirmedMpegFrame, skipId3v2 } from './mpeg-frame.js';
import { readPngHeader } from './png-image.js';
import { parseWav } from './wav-header.js';

/**
 * Recognises MP3 (optional ID3v2 tags, then a confirmed MPEG audio frame), 16-bit PCM WAV, PNG and JPEG. Give it
 * the whole file, or at least a prefix that covers any ID3v2 tag (cover art can make that large) plus two frames.
 */
export function sniffMedia(bytes: Uint8Array): SniffResult | null {
  if (readPngHeader(bytes) !== null) return { mime: 'image/png' };
  if (readJpegHeader(bytes) !== null) return { mime: 'image/jpeg' };
  if (parseWav(bytes) !== null) return { mime: 'audio/wav' };
  if (looksLikeMp3(bytes)) return { mime: 'audio/mpeg' };
  return null;
}

function looksLikeMp3(bytes: Uint8Array): boolean {
  const start = skipId3v2(bytes);
  return start >= 0 && confirmedMpegFrame(bytes, start) !== null;
}

// Names clients really send for our four types (browsers, curl, Android recorders). Parameters are ignored.
const ALIASES: Readonly<Record<string, MediaMime>> = {
  'audio/mpeg': 'audio/mpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/mpeg3': 'audio/mpeg',
  'audio/x-mpeg-3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/x-wav': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
};

/** Declared types that say nothing about the content, so the sniffed type stands. */
const UNINFORMATIVE = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Lower-cased type without parameters, mapped through known aliases; unknown types are returned as they are. */
export function normaliseMime(declared: string): string {
  const bare = (declared.split(';')[0] ?? '').trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

/**
 * The type to store: the sniffed one. Throws HUB_ERR_MEDIA_UNSUPPORTED when sniffing found nothing we serve, and
 * HUB_ERR_MEDIA_MISLABELLED when the client declared a different type than the bytes are (e.g. image/png for an
 * MP3), so an official learns that they picked the wrong file rather than that their image "played as audio".
 */
export function checkDeclared(declared: string | undefined, sniffed: SniffResult | null): MediaMime {
  if (sniffed === null) {
    throw new HubError('HUB_ERR_MEDIA_UNSUPPORTED', `expected one of ${MEDIA_MIMES.join(', ')}`);
  }
  if (declared === undefined) return sniffed.mime;
  const normalised = normaliseMime(declared);
  if (UNINFORMATIVE.has(normalised) || normalised === sniffed.mime) return sniffed.mime;
  throw new HubError('HUB_ERR_MEDIA_MISLABELLED', `declared ${normalised}, content is ${sniffed.mime}`, {
    declared: normalised,
    actual: sniffed.mime,
  });
}
