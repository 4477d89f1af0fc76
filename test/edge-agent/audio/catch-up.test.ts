// Where a scheduled play begins (issue 6: speakers of one area in step). A start a little behind its slot skips the
// same amount, so every speaker is at the same word; a start held back on purpose keeps the rule table's offset.
import t from 'tap';
import { openAudioFile } from '../../../edge-agent/src/audio/audio-file.js';
import type { AudioFormat } from '../../../edge-agent/src/audio/audio-sink.js';
import { catchUp, MAX_CATCH_UP_MS, playAudio } from '../../../edge-agent/src/audio/play-audio.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { drain, ManualTime, wavPath } from './fixtures/audio-test-kit.js';

t.test('catch-up table', async (t) => {
  const slot = 1_000_000;
  const rows: [string, number, number | undefined, number, number][] = [
    ['no slot to keep in step with (an urgent message, a resumed play)', 0, undefined, slot + 250, 0],
    ['on time', 0, slot, slot, 0],
    ['early (the timer fired before the slot)', 0, slot, slot - 3, 0],
    ['37 ms of start-up: skip 37 ms', 0, slot, slot + 37, 37],
    ['planned late by 500 ms, then 20 ms of start-up', 500, slot, slot + 520, 520],
    ['exactly the limit behind', 0, slot, slot + MAX_CATCH_UP_MS, MAX_CATCH_UP_MS],
    ['held back longer (queued behind an emergency): the planned offset stands', 0, slot, slot + MAX_CATCH_UP_MS + 1, 0],
    ['a resume far past the slot keeps its position', 42_000, slot, slot + 90_000, 42_000],
  ];
  for (const [what, offset, inStepAt, now, expected] of rows) t.equal(catchUp(offset, inStepAt, now), expected, what);
});

t.test('a stall between deciding and the first write is skipped, not heard as a late start', async (t) => {
  // Opening the sink takes 80 ms here (a busy CPU, many agents on one event loop): where to begin is decided after
  // it, just before the first samples go out, so the content is still in step with the slot.
  const time = new ManualTime();
  class SlowOpenSink extends VirtualSink {
    override async open(format: AudioFormat): Promise<void> {
      time.nowMs += 80;
      await super.open(format);
    }
  }
  const all = await drain(openAudioFile(wavPath, new AbortController().signal));
  const sink = new SlowOpenSink({ clock: time });
  const slot = time.nowMs;
  const first: [number, number][] = [];
  await playAudio({ file: wavPath, sink, volume: 100, signal: new AbortController().signal, clock: time, inStepAt: slot, onFirstFrame: (at, from) => first.push([at, from]) });
  t.same(first, [[slot + 80, 80]], 'begun 80 ms into the audio, at slot + 80 ms: in step');
  t.equal(sink.last?.totalFrames, all.frames - 1280, '80 ms at 16 kHz is 1280 frames, dropped');
});
