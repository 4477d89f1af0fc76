// The pinned tone is decoded once and played many times: every play must sound exactly like a play of its file, and
// no play may change what the next one hears (volume is applied to a copy of each block).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { decodeWhole } from '../../../edge-agent/src/audio/decoded-audio.js';
import { playAudio } from '../../../edge-agent/src/audio/play-audio.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { facts, mp3Bytes, wavPath } from './fixtures/audio-test-kit.js';

const live = (): AbortSignal => new AbortController().signal;
const wav = readFileSync(wavPath);

t.test('a WAV decodes whole into one chunk of its samples', async (t) => {
  const audio = await decodeWhole(wav);
  t.equal(audio?.decoded.length, 1);
  t.match(audio?.decoded[0], { sampleRate: 16000, channels: 1 });
  t.equal(audio?.decoded[0]?.pcm.length, facts['speech-vi-16k.wav']?.frames);
});

t.test('an MP3 decodes whole, its many decoder chunks joined into one', async (t) => {
  const audio = await decodeWhole(mp3Bytes());
  t.equal(audio?.decoded.length, 1);
  t.match(audio?.decoded[0], { sampleRate: 22050, channels: 1 });
  const seconds = (audio?.decoded[0]?.pcm.length ?? 0) / 22050;
  t.ok(Math.abs(seconds - (facts['speech-vi.mp3']?.soxDurationS ?? 0)) <= 0.05, `${seconds} s`);
});

t.test('a sound longer than the limit is not held decoded, and bytes that are no audio are refused', async (t) => {
  t.equal(await decodeWhole(wav, 15_999), undefined, 'one sample too many');
  t.ok(await decodeWhole(wav, 16_000), 'exactly at the limit');
  await t.rejects(decodeWhole(Buffer.from('not audio at all, not even close')), { code: 'AGENT_ERR_DECODE' });
});

t.test('a decoded play sounds like a play of its file, however often it plays, and leaves the PCM as it was', async (t) => {
  const audio = await decodeWhole(wav);
  if (audio === undefined) throw new Error('fixture did not decode');
  const before = Int16Array.from(audio.decoded[0]?.pcm ?? []);
  const play = async (file: Uint8Array | typeof audio): Promise<{ checksum?: number; frames?: number; writes?: number }> => {
    const sink = new VirtualSink();
    const result = await playAudio({ file, sink, volume: 50, signal: live() });
    t.equal(result.outcome, 'completed');
    return { checksum: sink.last?.checksum, frames: sink.last?.totalFrames, writes: sink.last?.writes.length };
  };
  const fromFile = await play(wav);
  t.same(await play(audio), fromFile, 'the same samples, in the same 100 ms blocks, as from the file');
  t.same(await play(audio), fromFile, 'and again: the first play did not halve the held PCM');
  t.same(audio.decoded[0]?.pcm, before, 'the held PCM is unchanged');
});

t.test('a decoded play stops when its signal aborts', async (t) => {
  const audio = await decodeWhole(wav);
  if (audio === undefined) throw new Error('fixture did not decode');
  const sink = new VirtualSink({ realtime: true });
  const stopper = new AbortController();
  const playing = playAudio({ file: audio, sink, volume: 100, signal: stopper.signal, onFirstFrame: () => setTimeout(() => stopper.abort(), 150) });
  const result = await playing;
  t.equal(result.outcome, 'aborted');
  t.ok(result.playedMs < 1000, `played ${result.playedMs} ms of 1000`);
  t.not(sink.last?.stoppedAtMs, undefined, 'the sink was silenced');
});
