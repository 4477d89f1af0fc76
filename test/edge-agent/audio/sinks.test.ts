import { readFile } from 'node:fs/promises';
import t from 'tap';
import { applyGain } from '../../../edge-agent/src/audio/gain.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { WavFileSink } from '../../../edge-agent/src/audio/wav-file-sink.js';
import { int16le } from '../../../edge-agent/src/audio/wav-decoder.js';
import { parseWavHeader } from '../../../edge-agent/src/audio/wav-format.js';
import { ManualTime } from './fixtures/audio-test-kit.js';

const live = (): AbortSignal => new AbortController().signal;
const block = (frames: number, channels = 1, value = 1000): Int16Array => new Int16Array(frames * channels).fill(value);

t.test('gain saturates instead of wrapping around', async (t) => {
  t.same([...applyGain(Int16Array.from([20000, -20000, 100]), 2)], [32767, -32768, 200]);
});

t.test('every volume below 100 rounds each of the 65,536 sample values half away from zero', async (t) => {
  const every = Int16Array.from({ length: 65_536 }, (_, i) => i - 32_768);
  for (const volume of [99, 80, 50, 33, 1]) {
    const gain = volume / 100;
    const expected = [...every].map((s) => Math.trunc(s * gain < 0 ? s * gain - 0.5 : s * gain + 0.5));
    t.same([...applyGain(every.slice(), gain)], expected, `volume ${volume}`);
  }
  t.same([...applyGain(Int16Array.from([-32768, -3, -2, 3]), 0.5)], [-16384, -2, -1, 2], 'halves round away from zero');
});

t.test('WAV samples: the little-endian copy equals the portable decode, and owns its memory', async (t) => {
  // A Buffer from Node's pool sits at an arbitrary (here odd) offset: the samples must still come out right.
  const pooled = Buffer.alloc(1 + 8);
  const bytes = pooled.subarray(1);
  bytes.set([0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f]);
  const fast = int16le(bytes, true);
  t.same([...fast], [1, -1, -32768, 32767]);
  t.same([...int16le(bytes, false)], [...fast], 'the DataView path for big-endian hosts agrees');
  fast[0] = 99;
  t.equal(bytes[0], 0x01, 'gain applied in place does not touch the verified bytes');
});

t.test('a real-time virtual sink paces writes to the audio they carry', async (t) => {
  const time = new ManualTime();
  const sink = new VirtualSink({ clock: time, timer: time, realtime: true, leadMs: 50 });
  await sink.open({ sampleRate: 8000, channels: 2 });
  const start = time.nowMs;
  const first = sink.write(block(800, 2), live()); // 100 ms: may run 50 ms ahead, so waits 50 ms
  await time.untilSleeping();
  time.advance(50);
  await first;
  const second = sink.write(block(800, 2), live()); // queued behind the first: starts at +100
  await time.untilSleeping();
  time.advance(100);
  await second;
  const closing = sink.close(); // the last block ends at +200
  await time.untilSleeping();
  time.advance(50);
  await closing;
  const played = sink.last;
  t.same(played?.writes.map((w) => w.atMs - start), [0, 100]);
  t.equal(played?.firstFrameAtMs, start);
  t.equal(played?.closedAtMs, start + 200, 'close waits until the buffered audio has played');
  t.equal(played?.durationMs, 200);
  t.equal(played?.peak, 1000);
});

t.test('stop() cuts a paced write and the drain short, and refuses later writes', async (t) => {
  const time = new ManualTime();
  const sink = new VirtualSink({ clock: time, timer: time, realtime: true, leadMs: 0 });
  await sink.open({ sampleRate: 8000, channels: 1 });
  const pending = sink.write(block(8000), live());
  await time.untilSleeping();
  t.equal(sink.playing, true);
  sink.stop();
  await t.rejects(pending, { code: 'AGENT_ERR_ABORTED' });
  t.equal(sink.playing, false);
  await t.rejects(sink.write(block(10), live()), { code: 'AGENT_ERR_AUDIO_DRIVER' });
  await sink.close();
  t.equal(sink.last?.writesAfterStop, 1);
  t.equal(sink.last?.stoppedAtMs, sink.last?.closedAtMs, 'close after stop does not wait for the dropped audio');
});

t.test('the caller’s signal aborts a paced write', async (t) => {
  const time = new ManualTime();
  const sink = new VirtualSink({ clock: time, timer: time, realtime: true, leadMs: 0 });
  await sink.open({ sampleRate: 8000, channels: 1 });
  const controller = new AbortController();
  const pending = sink.write(block(800), controller.signal);
  await time.untilSleeping();
  controller.abort();
  await t.rejects(pending, { code: 'AGENT_ERR_ABORTED' });
});

t.test('a virtual sink refuses misuse instead of recording nonsense', async (t) => {
  const sink = new VirtualSink();
  await t.rejects(sink.write(block(10), live()), { code: 'AGENT_ERR_AUDIO_DRIVER', message: /before open/ });
  await sink.open({ sampleRate: 8000, channels: 2 });
  await t.rejects(sink.write(new Int16Array(3), live()), { code: 'AGENT_ERR_AUDIO_DRIVER', message: /partial frame/ });
});

t.test('a virtual sink keeps bounded statistics, not samples', async (t) => {
  const sink = new VirtualSink({ maxRecordedWrites: 10, maxPlaybacks: 3 });
  for (let item = 0; item < 5; item++) {
    await sink.open({ sampleRate: 8000, channels: 1 });
    for (let i = 0; i < 50; i++) await sink.write(block(80, 1, item), live());
    await sink.close();
  }
  t.equal(sink.playbacks.length, 3, 'the oldest playbacks are dropped');
  t.equal(sink.last?.writes.length, 10);
  t.equal(sink.last?.unrecordedWrites, 40);
  t.equal(sink.last?.totalFrames, 4000, 'totals still count every write');
  t.not(sink.playbacks[0]?.checksum, sink.playbacks[1]?.checksum, 'different audio, different checksum');
});

t.test('a fleet sink without fingerprints still times and counts every write', async (t) => {
  const sink = new VirtualSink({ fingerprint: false });
  await sink.open({ sampleRate: 8000, channels: 1 });
  await sink.write(block(80, 1, 1234), live());
  await sink.close();
  t.match(sink.last, { totalFrames: 80, durationMs: 10, peak: 0, checksum: 0x811c9dc5 }, 'no pass over the samples');
  t.ok(sink.last?.firstFrameAtMs !== undefined, 'the first frame is still timed');
});

t.test('WavFileSink writes a WAV whose header matches its samples', async (t) => {
  const dir = t.testdir({});
  const sink = new WavFileSink(`${dir}/out.wav`);
  await t.rejects(sink.write(block(4), live()), { code: 'AGENT_ERR_AUDIO_DRIVER' });
  await sink.open({ sampleRate: 11025, channels: 2 });
  await sink.write(Int16Array.from([1, -1, 2, -2]), live());
  await sink.write(Int16Array.from([32767, -32768]), live());
  await sink.close();
  const bytes = new Uint8Array(await readFile(`${dir}/out.wav`));
  t.same(parseWavHeader(bytes), { format: { sampleRate: 11025, channels: 2 }, dataOffset: 44, dataBytes: 12 });
  t.equal(new DataView(bytes.buffer).getUint32(4, true), bytes.length - 8, 'RIFF size patched on close');
  const view = new DataView(bytes.buffer, 44);
  t.same([0, 1, 2, 3, 4, 5].map((i) => view.getInt16(2 * i, true)), [1, -1, 2, -2, 32767, -32768]);
});

t.test('a stopped WavFileSink still closes into a valid file of what was written', async (t) => {
  const dir = t.testdir({});
  const sink = new WavFileSink(`${dir}/cut.wav`);
  await sink.open({ sampleRate: 8000, channels: 1 });
  await sink.write(block(100), live());
  sink.stop();
  await t.rejects(sink.write(block(100), live()), { code: 'AGENT_ERR_AUDIO_DRIVER' });
  await sink.close();
  t.equal(parseWavHeader(new Uint8Array(await readFile(`${dir}/cut.wav`)))?.dataBytes, 200);
  const unwritable = new WavFileSink(`${dir}/missing-dir/x.wav`);
  await t.rejects(unwritable.open({ sampleRate: 8000, channels: 1 }), { code: 'AGENT_ERR_AUDIO_DRIVER' });
});
