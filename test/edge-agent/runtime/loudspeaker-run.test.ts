// The loudspeaker's run plays what the cache hands it, preferring what is already in memory: the pinned tone's PCM,
// decoded once (issue 8), before its bytes, before its file. Here the source holds only the decoded tone and names a
// file that is not there, so a run that went to the bytes or the card would fail instead of sounding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { MediaRef } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { decodeWhole } from '../../../edge-agent/src/audio/decoded-audio.js';
import { playAudio } from '../../../edge-agent/src/audio/play-audio.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import type { AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { systemTimers } from '../../../edge-agent/src/runtime/agent-timers.js';
import { AmplifierControl } from '../../../edge-agent/src/runtime/amplifier-control.js';
import type { PlayableSource } from '../../../edge-agent/src/runtime/ensure-cached.js';
import { loudspeakerRun } from '../../../edge-agent/src/runtime/loudspeaker-run.js';
import { wavPath } from '../audio/fixtures/audio-test-kit.js';

t.test('a held tone plays from its decoded PCM: no bytes and no file are needed', async (t) => {
  const wav = readFileSync(wavPath);
  const decoded = await decodeWhole(wav);
  if (decoded === undefined) throw new Error('fixture did not decode');
  const tone: MediaRef = { sha256: 'a'.repeat(64), bytes: wav.length, mime: 'audio/wav', durationMs: 1000 };
  const source: PlayableSource = {
    loadVerified: async () => ({ path: join(t.testdir(), 'not-there.wav'), decoded }),
    downloadPlayable: () => Promise.reject(new Error('the held tone needs no download')),
    markUsed: async () => undefined,
  };
  const sink = new VirtualSink();
  const amplifier = new AmplifierControl({ amplifier: new VirtualAmplifier(), timers: systemTimers, offDelayMs: 0, onError: () => undefined });
  const run = loudspeakerRun({ cache: source, sink, amplifier, volume: () => 80, clock: { now: () => Date.now() }, onError: () => undefined });
  const item: AgentItem = {
    bulletinId: 'bt-khan-cap-tone', revision: 1, priority: 'emergency', mode: 'live', kind: 'attentionTone', originDepth: 0, slotAt: Date.now(),
    repeat: 1, remaining: 1, content: { kind: 'audio', media: tone }, durationMs: 1000,
  };

  const result = await run(item, new AbortController().signal);
  t.equal(result.outcome, 'completed');
  const fromFile = new VirtualSink();
  await playAudio({ file: wav, sink: fromFile, volume: 80, signal: new AbortController().signal });
  t.equal(sink.last?.checksum, fromFile.last?.checksum, 'the same samples as a play of the file, at the same volume');
  t.equal(sink.last?.totalFrames, 16000);
});
