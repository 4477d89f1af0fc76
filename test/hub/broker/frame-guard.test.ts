// The frame guard reads MQTT fixed headers ([MQTT-2.2.3]) as bytes pass and refuses a frame that declares more than
// the limit, whatever the chunking; the first frame (CONNECT) has its own, smaller limit. The guarded connection
// hands a corked burst to the socket as one write and keeps the socket's backpressure. With a read pacer, inbound
// bytes wait, their connection paused, for the pacer's turn.
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import t from 'tap';
import fc from 'fast-check';
import { FrameScanner, guardFrames } from '../../../hub/src/broker/index.js';
import { ReadPacer } from '../../../hub/src/broker/read-pacer.js';
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

/** The far side of a guarded connection: records each write it is handed; `holdWrites` keeps them unacknowledged. */
class FarSide extends Duplex {
  readonly writes: Buffer[] = [];
  readonly held: (() => void)[] = [];
  readonly #holdWrites: boolean;

  constructor(holdWrites = false) {
    super({ writableHighWaterMark: 1 });
    this.#holdWrites = holdWrites;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.writes.push(chunk);
    if (this.#holdWrites) this.held.push(callback);
    else callback();
  }
}

const NO_REFUSAL = (): void => {
  throw new Error('no frame should be refused here');
};

t.test('a PUBLISH written in pieces under cork, as mqtt-packet writes it, leaves as one write', async (t) => {
  // Six socket writes per copy were six syscalls and, with TCP_NODELAY, six segments to every device (issue 8).
  const far = new FarSide();
  const guarded = guardFrames(far, LIMITS, NO_REFUSAL);
  const topic = 'tn/v1/area/67/urgent/stop';
  const payload = Buffer.alloc(300, 0x62);
  const pieces: (Buffer | string)[] = [Buffer.from([0x32]), remainingLength(2 + topic.length + 2 + payload.length), Buffer.from([0, topic.length]), topic, Buffer.from([0x12, 0x34]), payload];
  guarded.cork();
  for (const piece of pieces) guarded.write(piece);
  process.nextTick(() => guarded.uncork());
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(far.writes.length, 1, 'one write');
  t.same(far.writes[0], Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))), 'the same bytes, in order');
});

t.test('a write waits for the connection to drain, so a frozen reader is still seen as one', async (t) => {
  const far = new FarSide(true);
  const guarded = guardFrames(far, LIMITS, NO_REFUSAL);
  let done = false;
  const written = new Promise<void>((resolve) => guarded.write(frame(10), () => resolve()));
  void written.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(done, false, 'not done while the connection holds the bytes');
  far.held.splice(0).forEach((release) => release());
  await written;
  t.pass('done once it drained');
});

t.test('inbound bytes pass unchanged; a frame over the limit cuts the connection before its body is read', async (t) => {
  const far = new FarSide();
  const refused: unknown[] = [];
  const guarded = guardFrames(far, LIMITS, (verdict) => refused.push(verdict));
  const received: Buffer[] = [];
  guarded.on('data', (chunk: Buffer) => received.push(chunk));
  const errored = once(guarded, 'error');
  const connect = frame(50, 0x10);
  far.push(connect.subarray(0, 7));
  far.push(connect.subarray(7));
  far.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f])); // declares 256 MB
  const [err] = (await errored) as [{ code?: string }];
  t.equal(err.code, 'HUB_ERR_BROKER_FRAME_REFUSED');
  t.same(refused, [{ ok: false, reason: 'frame-too-large', declaredBytes: 268_435_455 }]);
  t.same(Buffer.concat(received), connect, 'the CONNECT reached the reader, the refused header did not');
  t.ok(far.destroyed, 'the connection is closed');
});

/** A pacer whose turns run only when the test says so. */
function manualPacer() {
  const turns: (() => void)[] = [];
  // A budget of 0: one connection per turn.
  const pacer = new ReadPacer({ budgetMs: 0, nextTurn: (fn) => turns.push(fn) });
  return {
    pacer,
    runTurn: async (): Promise<void> => {
      turns.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

t.test('with a pacer, inbound bytes reach the parser only on its turn, and the connection is not read meanwhile', async (t) => {
  const far = new FarSide();
  const { pacer, runTurn } = manualPacer();
  const guarded = guardFrames(far, LIMITS, NO_REFUSAL, pacer);
  const received: Buffer[] = [];
  guarded.on('data', (chunk: Buffer) => received.push(chunk));
  const connect = frame(50, 0x10);
  const publish = frame(200);
  far.push(connect);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(received, [], 'nothing before the turn');
  t.ok(far.isPaused(), 'the connection is paused: TCP holds the device back, the hub does not buffer');
  far.push(publish);
  await runTurn();
  t.same(Buffer.concat(received), connect, 'the turn delivered what was read before it');
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(pacer.waiting, 1, 'the connection was read again, and that read waits for the next turn');
  t.ok(far.isPaused());
  await runTurn();
  t.same(Buffer.concat(received), Buffer.concat([connect, publish]), 'every byte, unchanged and in order');
});

t.test('with a pacer, a frame over the limit still cuts the connection as soon as its header is read', async (t) => {
  const far = new FarSide();
  const { pacer, runTurn } = manualPacer();
  const refused: unknown[] = [];
  const guarded = guardFrames(far, LIMITS, (verdict) => refused.push(verdict), pacer);
  const received: Buffer[] = [];
  guarded.on('data', (chunk: Buffer) => received.push(chunk));
  const errored = once(guarded, 'error');
  const connect = frame(50, 0x10);
  far.push(connect);
  await new Promise((resolve) => setImmediate(resolve));
  // Not read yet: the connection is paused until the CONNECT's turn.
  far.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]));
  await runTurn();
  const [err] = (await errored) as [{ code?: string }];
  t.equal(err.code, 'HUB_ERR_BROKER_FRAME_REFUSED');
  t.same(refused, [{ ok: false, reason: 'frame-too-large', declaredBytes: 268_435_455 }]);
  t.same(Buffer.concat(received), connect, 'the refused header never reached the parser');
  t.equal(pacer.waiting, 0, 'nor waited for it');
  t.ok(far.destroyed);
});
