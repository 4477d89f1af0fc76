// The virtual board: "now showing" for heartbeats and simulators, mirrored to a PNG file at a bounded rate.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createFramebuffer, framesEqual, setPixel } from '../../../edge-agent/src/led/framebuffer.js';
import { decodePng } from '../../../edge-agent/src/led/png-decode.js';
import { PngSnapshotSink, type SnapshotFiles, type SnapshotTimers } from '../../../edge-agent/src/led/png-snapshot-sink.js';

function frame(shade: number) {
  const fb = createFramebuffer(8, 4);
  setPixel(fb, 1, 1, [shade, 0, 0]);
  return fb;
}

class ManualTimers implements SnapshotTimers {
  t = 0;
  private tasks: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.tasks.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.tasks = this.tasks.filter((x) => x.id !== handle);
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.tasks.filter((x) => x.at <= this.t);
    this.tasks = this.tasks.filter((x) => x.at > this.t);
    for (const task of due) task.fn();
  }
}

class RecordingFiles implements SnapshotFiles {
  calls: string[] = [];
  contents = new Map<string, Uint8Array>();
  failNext = false;
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    this.calls.push(`write ${path}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('ENOSPC: no space left on device');
    }
    this.contents.set(path, data);
  }
  async rename(from: string, to: string): Promise<void> {
    this.calls.push(`rename ${from} ${to}`);
    const data = this.contents.get(from);
    if (data === undefined) throw new Error(`ENOENT ${from}`);
    this.contents.delete(from);
    this.contents.set(to, data);
  }
}

const settle = () => new Promise((r) => setImmediate(r));

t.test('keeps the frame now showing and its PNG, and counts what it was asked to do', async (t) => {
  const sink = new PngSnapshotSink();
  t.equal(sink.snapshot(), undefined, 'nothing shown yet');
  const fb = frame(200);
  await sink.show(fb);
  fb.pixels.fill(0);
  const png = sink.snapshot();
  t.ok(png !== undefined && framesEqual(decodePng(png), frame(200)), 'a copy was kept, not the caller’s buffer');
  await sink.show(frame(100));
  await sink.clear();
  t.equal(sink.framesShown, 2);
  t.equal(sink.clears, 1);
  const cleared = sink.lastFrame();
  t.ok(cleared !== undefined && cleared.pixels.every((v) => v === 0) && cleared.width === 8, 'clear shows a black board');
  await sink.close();
  await t.rejects(sink.show(fb), { code: 'AGENT_ERR_LED_DRIVER', message: /closed/ });
  t.equal(sink.filesWritten, 0, 'no file without a path');
});

t.test('mirrors to a file atomically, at most once per interval, and the last frame always lands', async (t) => {
  const timers = new ManualTimers();
  const files = new RecordingFiles();
  const sink = new PngSnapshotSink({ filePath: '/board/now.png', minWriteIntervalMs: 1000, files, timers });
  await sink.show(frame(1));
  t.same(files.calls, ['write /board/now.png.tmp', 'rename /board/now.png.tmp /board/now.png'], 'first frame written at once, via rename');
  for (let i = 2; i <= 20; i++) {
    timers.advance(40);
    await sink.show(frame(i));
  }
  t.equal(sink.filesWritten, 1, '19 frames within the interval: no writes yet');
  timers.advance(1000);
  await settle();
  t.equal(sink.filesWritten, 2, 'the trailing write happened');
  const written = files.contents.get('/board/now.png');
  t.ok(written !== undefined && framesEqual(decodePng(written), frame(20)), 'and it is the last frame shown');
  t.equal(sink.framesShown, 20);
  await sink.close();
});

t.test('close flushes a pending frame; a failed write is counted, not thrown', async (t) => {
  const timers = new ManualTimers();
  const files = new RecordingFiles();
  const sink = new PngSnapshotSink({ filePath: '/board/now.png', files, timers });
  await sink.show(frame(1));
  timers.advance(10);
  await sink.show(frame(2));
  await sink.close();
  const written = files.contents.get('/board/now.png');
  t.ok(written !== undefined && framesEqual(decodePng(written), frame(2)), 'the pending frame was written on close');

  const failing = new RecordingFiles();
  failing.failNext = true;
  const sink2 = new PngSnapshotSink({ filePath: '/board/now.png', files: failing, timers: new ManualTimers() });
  await sink2.show(frame(3));
  t.equal(sink2.writeErrors, 1);
  t.match(sink2.lastWriteError?.message, /ENOSPC/);
  t.ok(sink2.snapshot() !== undefined, 'the board still shows the frame');
  await sink2.close();
});

t.test('writes real PNG files on disk, leaving no temporary file behind', async (t) => {
  const dir = t.testdir();
  const path = join(dir, 'now-showing.png');
  const sink = new PngSnapshotSink({ filePath: path, minWriteIntervalMs: 0 });
  await sink.show(frame(77));
  await sink.show(frame(78));
  await sink.close();
  t.ok(framesEqual(decodePng(readFileSync(path)), frame(78)));
  t.same(readdirSync(dir), ['now-showing.png']);
  t.equal(sink.filesWritten, 2);
});
