// The hub's media handling: sniff and probe uploads, store them by SHA-256, serve byte ranges, synthesise speech.
//
// Upload route: read the body up to the limit (HUB_ERR_MEDIA_TOO_LARGE past it), then
//   mime = checkDeclared(contentType, sniffMedia(bytes)); probe = await probeMedia(bytes);
//   stored = await store.put(bytes, { maxBytes }); insert a MediaRecord from both.
// Probing before storing means a refused file never reaches disk, and nothing stored needs taking back.
// Download route: record from the DB, plan = planMediaResponse(record, { range, ifRange, ifNoneMatch }),
//   copy plan.status and plan.headers; 206/200 send the file (or a slice) from MediaBytesCache (hub/src/media-cache)
//   or, for a file too large to hold, pipe await store.open(sha, plan.range); 416 throws HUB_ERR_RANGE.

export type { MediaMime, MediaProbe, MediaRecord, SniffResult } from './media-types.js';
export { MEDIA_MIMES, isSha256Hex } from './media-types.js';
export { checkDeclared, normaliseMime, sniffMedia } from './sniff-media.js';
export { probeMedia, probeWav } from './probe-media.js';
export { MP3_DECODE_CHUNK_BYTES, probeMp3 } from './mp3-probe.js';
export { repairStreamedWav } from './wav-header.js';
export type { MediaFileHandle, MediaFs, MediaStat, MediaStoreOptions, PutOptions, StoredMedia } from './media-store.js';
export { MediaStore, nodeMediaFs } from './media-store.js';
export type { ByteRange, ConditionalHeaders, MediaResponse, RangeResult } from './http-range.js';
export { mediaEtag, mediaResponseHeaders, parseRange, planMediaResponse } from './http-range.js';
export type { TtsAudio, TtsMime, TtsOptions, TtsProvider } from './tts/tts-provider.js';
export { prepareTtsText } from './tts/tts-provider.js';
export type { EspeakNgOptions } from './tts/espeak-ng-provider.js';
export { EspeakNgProvider, VIETNAMESE_VOICES } from './tts/espeak-ng-provider.js';
export type { LameOptions, Mp3Encoder } from './tts/lame-encoder.js';
export { createLameEncoder } from './tts/lame-encoder.js';
export type { HttpTtsOptions } from './tts/http-tts-provider.js';
export { HttpTtsProvider } from './tts/http-tts-provider.js';
