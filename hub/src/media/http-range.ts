// HTTP Range for media downloads (RFC 9110 §14). Agents on 4G resume interrupted downloads and may start playing an
// emergency while it downloads (design.md §3, §5), so single byte ranges must be exact. Pure: the Fastify route only
// copies status and headers and pipes MediaStore.open(sha, range).

import type { MediaRecord } from './media-types.js';

/** Inclusive byte positions, as in Content-Range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export type RangeResult = ByteRange | 'unsatisfiable' | null;

const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * Parses a Range header against a representation of `size` bytes.
 * - null: serve the whole file with 200. Returned for no header, another unit (§14.2: MUST ignore), a syntax error
 *   or a first > last range (§14.1.1: invalid, so the header is ignored), and for MULTIPLE ranges: §14.2 lets a
 *   server ignore Range, and a full 200 is simpler and safer than multipart/byteranges, which no agent asks for.
 * - 'unsatisfiable': answer 416 with `Content-Range: bytes *\/size` (§15.5.17): the first position is at or past
 *   the end, a suffix of length 0, or any range of an empty file.
 * - { start, end }: answer 206; `end` is clamped to size - 1 (§14.1.2).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return null;
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return null;
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''); // §5.6.1: empty list elements are ignored
  if (specs.length !== 1) return null;
  const match = RANGE_SPEC.exec(specs[0] ?? '');
  if (match === null) return null;
  const [, firstText = '', lastText = ''] = match;
  if (firstText === '' && lastText === '') return null;
  if (firstText === '') {
    const suffix = toPosition(lastText);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const first = toPosition(firstText);
  const last = lastText === '' ? Infinity : toPosition(lastText);
  if (last < first) return null;
  if (first >= size) return 'unsatisfiable';
  return { start: first, end: Math.min(last, size - 1) };
}

/** Digits beyond a safe integer still compare correctly as Infinity against any real file size. */
function toPosition(digits: string): number {
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : Infinity;
}

export interface MediaResponse {
  readonly status: 200 | 206 | 304 | 416;
  /** The range to stream, for 206 only. */
  readonly range: ByteRange | null;
  readonly headers: Readonly<Record<string, string>>;
}

const CACHE_CONTROL = 'private, max-age=31536000, immutable';

type ServedRecord = Pick<MediaRecord, 'sha256' | 'mime' | 'bytes'>;

/** A strong validator: content-addressed bytes never change under the same name. */
export function mediaEtag(sha256: string): string {
  return `"${sha256}"`;
}

/**
 * Status and headers for a media response. Cache-Control is immutable because the URL names the content's hash;
 * `private` because bulletins are fetched with credentials and shared caches must not keep them. For 416 the route
 * sends its HUB_ERR_RANGE error body, so no Content-Type or Content-Length is set here.
 */
export function mediaResponseHeaders(record: ServedRecord, range: RangeResult): MediaResponse {
  const common = {
    'Accept-Ranges': 'bytes',
    ETag: mediaEtag(record.sha256),
    'Cache-Control': CACHE_CONTROL,
  };
  if (range === 'unsatisfiable') {
    return { status: 416, range: null, headers: { ...common, 'Content-Range': `bytes */${record.bytes}` } };
  }
  if (range === null) {
    return {
      status: 200,
      range: null,
      headers: { ...common, 'Content-Type': record.mime, 'Content-Length': String(record.bytes) },
    };
  }
  return {
    status: 206,
    range,
    headers: {
      ...common,
      'Content-Type': record.mime,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${record.bytes}`,
    },
  };
}

export interface ConditionalHeaders {
  readonly range?: string | undefined;
  readonly ifRange?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
}

/**
 * The whole decision for GET/HEAD of one media file: 304 when If-None-Match names this ETag (§13.1.2), Range
 * ignored when If-Range names another validator (§13.1.5; a date in If-Range never matches a strong ETag, so the
 * whole file is sent), otherwise parseRange.
 */
export function planMediaResponse(record: ServedRecord, request: ConditionalHeaders): MediaResponse {
  const etag = mediaEtag(record.sha256);
  if (request.ifNoneMatch !== undefined && etagListMatches(request.ifNoneMatch, etag)) {
    return { status: 304, range: null, headers: { ETag: etag, 'Cache-Control': CACHE_CONTROL } };
  }
  const rangeAllowed = request.ifRange === undefined || request.ifRange.trim() === etag;
  return mediaResponseHeaders(record, rangeAllowed ? parseRange(request.range, record.bytes) : null);
}

/** If-None-Match uses weak comparison (§13.1.2), so W/"x" matches "x". */
function etagListMatches(list: string, etag: string): boolean {
  if (list.trim() === '*') return true;
  return list.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
