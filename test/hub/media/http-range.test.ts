import fc from 'fast-check';
import t from 'tap';
import type { RangeResult } from '../../../hub/src/media/http-range.js';
import { mediaResponseHeaders, parseRange, planMediaResponse } from '../../../hub/src/media/http-range.js';

const SHA = 'a'.repeat(64);
const record = { sha256: SHA, mime: 'audio/mpeg' as const, bytes: 1000 };

t.test('parseRange follows RFC 9110 §14 for single ranges', async (t) => {
  const table: [string | undefined, number, RangeResult][] = [
    [undefined, 1000, null],
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=100-199', 1000, { start: 100, end: 199 }],
    ['bytes=-500', 1000, { start: 500, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }], // §14.1.2: suffix longer than the file is the whole file
    ['bytes=900-5000', 1000, { start: 900, end: 999 }], // last position clamped
    ['bytes=999-999', 1000, { start: 999, end: 999 }],
    ['bytes=0-0', 1, { start: 0, end: 0 }],
    ['Bytes = 10-20', 1000, { start: 10, end: 20 }], // unit is case-insensitive
    ['bytes=10-20,', 1000, { start: 10, end: 20 }], // §5.6.1: empty list elements are ignored
    ['bytes=0-99999999999999999999', 1000, { start: 0, end: 999 }],
    ['bytes=1000-', 1000, 'unsatisfiable'], // first position at the end
    ['bytes=5000-6000', 1000, 'unsatisfiable'],
    ['bytes=99999999999999999999-', 1000, 'unsatisfiable'],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'], // nothing to send from an empty file
    ['bytes=-10', 0, 'unsatisfiable'],
    ['bytes=200-100', 1000, null], // §14.1.1: last < first is invalid, so the header is ignored
    ['bytes=0-1,5-6', 1000, null], // multiple ranges: served whole (documented choice)
    ['bytes=-', 1000, null],
    ['bytes=abc', 1000, null],
    ['bytes=1.5-2', 1000, null],
    ['bytes=+1-2', 1000, null],
    ['items=0-10', 1000, null], // §14.2: unknown unit is ignored
    ['0-10', 1000, null],
    ['', 1000, null],
  ];
  for (const [header, size, expected] of table) t.same(parseRange(header, size), expected, `${header} of ${size}`);
});

t.test('parseRange never throws and every range it returns lies inside the file', async (t) => {
  fc.assert(
    fc.property(fc.string(), fc.nat(1e9), (header, size) => {
      checkResult(parseRange(header, size), size);
    }),
  );
  fc.assert(
    fc.property(fc.option(fc.nat(2e9)), fc.option(fc.nat(2e9)), fc.nat(1e9), (first, last, size) => {
      const header = `bytes=${first ?? ''}-${last ?? ''}`;
      const result = parseRange(header, size);
      checkResult(result, size);
      if (first !== null && (last === null || last >= first)) {
        return first < size ? typeof result === 'object' && result?.start === first : result === 'unsatisfiable';
      }
      return true;
    }),
  );
  t.pass('properties held');
});

function checkResult(result: RangeResult, size: number): void {
  if (result === null || result === 'unsatisfiable') return;
  if (!(result.start >= 0 && result.start <= result.end && result.end < size)) {
    throw new Error(`range ${JSON.stringify(result)} outside a file of ${size} bytes`);
  }
}

t.test('response headers for whole, partial and unsatisfiable requests', async (t) => {
  const whole = mediaResponseHeaders(record, null);
  t.equal(whole.status, 200);
  t.same(whole.headers, {
    'Accept-Ranges': 'bytes',
    ETag: `"${SHA}"`,
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Content-Type': 'audio/mpeg',
    'Content-Length': '1000',
  });

  const part = mediaResponseHeaders(record, { start: 100, end: 199 });
  t.equal(part.status, 206);
  t.same(part.range, { start: 100, end: 199 });
  t.match(part.headers, { 'Content-Range': 'bytes 100-199/1000', 'Content-Length': '100', 'Content-Type': 'audio/mpeg' });

  const none = mediaResponseHeaders(record, 'unsatisfiable');
  t.equal(none.status, 416);
  t.equal(none.headers['Content-Range'], 'bytes */1000');
  t.notOk('Content-Length' in none.headers, 'the error body sets its own length');
});

t.test('planMediaResponse honours If-None-Match and If-Range', async (t) => {
  t.equal(planMediaResponse(record, { ifNoneMatch: `"${SHA}"` }).status, 304);
  t.equal(planMediaResponse(record, { ifNoneMatch: `"other", W/"${SHA}"` }).status, 304, 'weak match, in a list');
  t.equal(planMediaResponse(record, { ifNoneMatch: '*' }).status, 304);
  t.equal(planMediaResponse(record, { ifNoneMatch: '"other"' }).status, 200);
  t.equal(planMediaResponse(record, { range: 'bytes=10-19', ifRange: `"${SHA}"` }).status, 206, 'same validator');
  t.equal(planMediaResponse(record, { range: 'bytes=10-19', ifRange: '"old"' }).status, 200, 'changed: whole file');
  t.equal(
    planMediaResponse(record, { range: 'bytes=10-19', ifRange: 'Sat, 01 Nov 2025 00:00:00 GMT' }).status,
    200,
    'a date never matches a strong ETag',
  );
  t.equal(planMediaResponse(record, { range: 'bytes=2000-' }).status, 416);
  t.same(planMediaResponse(record, { range: 'bytes=-10' }).range, { start: 990, end: 999 });
});
