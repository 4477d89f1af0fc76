// The frame guard reads MQTT fixed headers ([MQTT-2.2.3]) as bytes pass and refuses a frame that declares more than
// the limit, whatever the chunking; the first frame (CONNECT) has its own, smaller limit.
import t from 'tap';
import fc from 'fast-check';
import { FrameScanner } from '../../../hub/src/broker/index.js';
import { remainingLength } from './broker-harness.js';

const LIMITS = { firstFrameMaxBytes: 100, maxFrameBytes: 1000 };

function frame(bodyBytes: number, type = 0x30): Buffer {
  return Buffer.concat([Buffer.from([type]), remainingLength(bodyBytes), Buffer.alloc(bodyBytes, 0x61)]);
}

function scanAll(chunks: readonly Buffer[]): ReturnType<FrameScanner['push']> {
  const scanner = new FrameScanner(LIMITS);
  let verdict = scanner.push(Buffer.alloc(0));
  for (const chunk of chunks) verdict = scanner.push(chunk);
  return verdict;
}

t.test('table', async (t) => {
  const rows: [string, Buffer[], object][] = [
    ['CONNECT at its limit, then a frame at the limit', [frame(100, 0x10), frame(1000)], { ok: true }],
    ['CONNECT over its limit', [frame(101, 0x10)], { ok: false, reason: 'frame-too-large', declaredBytes: 101 }],
    ['second frame one byte over', [frame(10, 0x10), frame(1001)], { ok: false, reason: 'frame-too-large', declaredBytes: 1001 }],
    ['zero-length frames (PINGREQ) between', [frame(10, 0x10), Buffer.from([0xc0, 0x00, 0xc0, 0x00]), frame(999)], { ok: true }],
    // The body never arrives: the refusal must come from the header alone.
    ['a 256 MB declaration, header only', [frame(10, 0x10), Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f])], { ok: false, reason: 'frame-too-large', declaredBytes: 268_435_455 }],
    ['five length bytes', [frame(10, 0x10), Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01])], { ok: false, reason: 'malformed-length' }],
    ['an incomplete header is not yet a verdict', [frame(10, 0x10), Buffer.from([0x30, 0x80])], { ok: true }],
  ];
  for (const [name, chunks, expected] of rows) t.same(scanAll(chunks), expected, name);
});

t.test('a refusal is final', async (t) => {
  const scanner = new FrameScanner(LIMITS);
  t.equal(scanner.push(frame(500, 0x10)).ok, false);
  t.equal(scanner.push(frame(1, 0x10)).ok, false);
});

t.test('property: the verdict does not depend on how the bytes are chunked', async (t) => {
  const streamArb = fc.tuple(
    fc.integer({ min: 0, max: 120 }),
    fc.array(fc.integer({ min: 0, max: 1100 }), { maxLength: 6 }),
  );
  fc.assert(
    fc.property(streamArb, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 30 }), ([first, rest], cuts) => {
      const bytes = Buffer.concat([frame(first, 0x10), ...rest.map((n) => frame(n))]);
      const whole = scanAll([bytes]);
      const chunks: Buffer[] = [];
      let at = 0;
      for (let i = 0; at < bytes.length; i += 1) {
        const size = cuts[i % cuts.length]!;
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const expectOk = first <= LIMITS.firstFrameMaxBytes && rest.every((n) => n <= LIMITS.maxFrameBytes);
      return whole.ok === expectOk && JSON.stringify(scanAll(chunks)) === JSON.stringify(whole);
    }),
    { numRuns: 2000 },
  );
  t.pass('2,000 streams, each split at random');
});
