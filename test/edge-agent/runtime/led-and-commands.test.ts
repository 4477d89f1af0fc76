// Small executors: slides on a board for a given time (frame per slide change, steady rate for tickers, offset
// start), a spoken alert as a red ticker, the amplifier's automatic switching, and the command handler's answers.
import t from 'tap';
import type { Slide } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { AgentError } from '../../../edge-agent/src/errors.js';
import { PngSnapshotSink } from '../../../edge-agent/src/led/png-snapshot-sink.js';
import type { AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { AmplifierControl } from '../../../edge-agent/src/runtime/amplifier-control.js';
import { CommandHandler, type CommandTarget } from '../../../edge-agent/src/runtime/command-handler.js';
import { slidesForItem } from '../../../edge-agent/src/runtime/led-run.js';
import { showSlides, TICKER_FRAME_MS } from '../../../edge-agent/src/runtime/show-slides.js';
import { SAMPLES } from '../../helpers/samples.js';
import { ManualTime } from '../helpers/manual-time.js';

function board(slides: Slide[], showMs: number, startOffsetMs = 0, abortAfterFrames = Infinity) {
  let now = 0;
  const sink = new PngSnapshotSink();
  const controller = new AbortController();
  const run = showSlides({
    sink, slides, size: { width: 64, height: 16 }, now: () => now, signal: controller.signal, showMs, startOffsetMs,
    sleep: async (ms) => {
      if (sink.framesShown >= abortAfterFrames) controller.abort();
      if (controller.signal.aborted) throw new Error('aborted');
      now += ms;
    },
  });
  return { sink, run };
}

const text = (t: string, durationMs: number): Slide => ({ type: 'text', text: t, durationMs });

t.test('one frame per slide change; the sequence loops until the time is up', async (t) => {
  const { sink, run } = board([text('A', 500), text('B', 500)], 1500);
  t.same(await run, { outcome: 'completed', playedMs: 1500 });
  t.equal(sink.framesShown, 3, 'A, B, A');
});

t.test('a ticker scrolls at a steady frame rate; a late start begins mid-sequence; abort returns at once', async (t) => {
  const ticker = board([{ type: 'ticker', text: 'Thông báo', durationMs: 1000, pixelsPerSecond: 32 }], 400);
  await ticker.run;
  t.equal(ticker.sink.framesShown, 400 / TICKER_FRAME_MS);
  const late = board([text('A', 500), text('B', 500)], 500, 500);
  await late.run;
  const onlyB = board([text('B', 500)], 500);
  await onlyB.run;
  t.same(late.sink.snapshot(), onlyB.sink.snapshot(), 'started 500 ms late, it shows what an on-time board shows');
  const cut = board([text('A', 500), text('B', 500)], 10_000, 0, 2);
  t.match(await cut.run, { outcome: 'aborted' });
});

t.test('a spoken emergency becomes a red ticker on an LED board', async (t) => {
  const item = { bulletinId: 'bt-0000-0001', priority: 'emergency', title: 'Lũ quét', content: { kind: 'tts', text: 'Sơ tán ngay.', media: { sha256: 'a'.repeat(64), bytes: 10, mime: 'audio/mpeg' } }, durationMs: 5000 } as unknown as AgentItem;
  t.match(slidesForItem(item, 128), [{ type: 'ticker', text: 'Lũ quét — Sơ tán ngay.', colour: '#ff3030' }]);
  const [ticker] = slidesForItem(item, 128);
  t.ok((ticker?.durationMs ?? 0) >= 5000, 'at least as long as its speech');
});

t.test('the amplifier: on for a play, off after a delay, held on by command, never off during a play', async (t) => {
  const time = new ManualTime(0);
  const amp = new VirtualAmplifier();
  const control = new AmplifierControl({ amplifier: amp, timers: time.timers, offDelayMs: 3000, onError: () => undefined });
  await control.acquire();
  t.equal(amp.state, 'on');
  control.release();
  await control.acquire();
  control.release();
  time.advance(2999);
  t.equal(amp.state, 'on', 'back-to-back plays do not click the relay');
  time.advance(1);
  t.equal(amp.state, 'off');
  await control.command(true);
  time.advance(60_000);
  t.equal(amp.state, 'on', 'held on for the technician');
  await control.acquire();
  await control.command(false);
  t.equal(amp.state, 'on', '"off" during a play waits for the play to end');
  control.release();
  time.advance(3000);
  t.equal(amp.state, 'off');
  t.equal(amp.transitions.length, 4);
});

t.test('command results: ok with detail, coded failures, reboot only after the result is out', async (t) => {
  const order: string[] = [];
  const target: CommandTarget = {
    setVolume: () => order.push('volume'),
    amplifier: async () => {
      throw new AgentError('AGENT_ERR_AMPLIFIER', 'relay stuck');
    },
    playback: async () => {
      throw new Error('sink gone');
    },
    resync: async () => 'manifest same, 3',
    snapshot: async () => 'PNG',
    prepareReboot: async () => void order.push('flush'),
    reboot: () => order.push('reboot'),
  };
  const handler = new CommandHandler({ target, now: () => 5, report: async (r) => void order.push(`report ${r.ok}`), onError: () => undefined });
  const env = SAMPLES.command;
  t.match(await handler.handle(env), { commandId: 'cmd-0001-volume', ok: true, at: 5, detail: 'Đã đặt âm lượng: 70' });
  t.match(await handler.handle({ ...env, payload: { action: 'amplifier', on: true } }), { ok: false, code: 'AGENT_ERR_AMPLIFIER', detail: /relay stuck/ }, 'the failure’s own code');
  t.match(await handler.handle({ ...env, payload: { action: 'playback', op: 'pause' } }), { ok: false, code: 'AGENT_ERR_COMMAND_FAILED', detail: 'sink gone' });
  t.match(await handler.handle({ ...env, payload: { action: 'shell', cmd: 'rm -rf /' } as never }), { ok: false, code: 'AGENT_ERR_COMMAND_UNKNOWN' }, 'never a shell');
  order.length = 0;
  await handler.handle({ ...env, payload: { action: 'reboot' } });
  t.same(order, ['flush', 'report true', 'reboot'], 'the hub hears "ok" before the agent goes');
});
