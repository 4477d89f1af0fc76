import { writeFile } from 'node:fs/promises';
import t from 'tap';
import { decodeAudioStream, openAudioFile } from '../../../edge-agent/src/audio/audio-file.js';
import { activeMp3Decoders, decodeMp3Stream } from '../../../edge-agent/src/audio/mp3-decoder.js';
import { decodeWavStream } from '../../../edge-agent/src/audio/wav-decoder.js';
import { wavHeader } from '../../../edge-agent/src/audio/wav-format.js';
import type { AgentErrorCode } from '../../../edge-agent/src/errors.js';
import { chunked, drain, facts, mp3Bytes, mp3Path, wavPath } from './fixtures/audio-test-kit.js';

const live = (): AbortSignal => new AbortController().signal;
const isCode = (code: AgentErrorCode) => ({ name: 'AgentError', code });

t.test('the Vietnamese speech MP3 decodes to the duration sox measured, mono at 22050 Hz', async (t) => {
  const decoded = await drain(openAudioFile(mp3Path, live()));
  const fact = facts['speech-vi.mp3'];
  t.equal(decoded.sampleRate, fact.sampleRate);
  t.equal(decoded.channels, 1, 'a mono file stays mono although the decoder returns two channels');
  const durationS = decoded.frames / decoded.sampleRate;
  t.ok(Math.abs(durationS - fact.soxDurationS) <= 0.05, `${durationS.toFixed(3)} s vs sox ${fact.soxDurationS} s`);
  t.equal(activeMp3Decoders(), 0, 'the WASM decoder is freed at the end');
});

t.test('decoding a download in small pieces gives the same audio as the whole file', async (t) => {
  const whole = await drain(openAudioFile(mp3Path, live()));
  const trickled = await drain(decodeAudioStream(chunked(mp3Bytes(), 7), live()));
  t.same(trickled, { ...whole, chunks: trickled.chunks });
});

t.test('the WAV fixture yields exactly its frames', async (t) => {
  const decoded = await drain(openAudioFile(wavPath, live()));
  const fact = facts['speech-vi-16k.wav'];
  t.same([decoded.frames, decoded.sampleRate, decoded.channels], [fact.frames, fact.sampleRate, fact.channels]);
});

t.test('a WAV split at odd byte boundaries keeps its samples in place', async (t) => {
  const samples = Int16Array.from([1, -2, 300, -32768, 32767, 7, -7, 0]);
  const bytes = new Uint8Array(44 + samples.byteLength);
  bytes.set(wavHeader({ sampleRate: 8000, channels: 2 }, samples.byteLength));
  samples.forEach((s, i) => new DataView(bytes.buffer).setInt16(44 + 2 * i, s, true));
  const out: number[] = [];
  for await (const chunk of decodeWavStream(chunked(bytes, 3), live())) {
    t.equal(chunk.channels, 2);
    out.push(...chunk.pcm);
  }
  t.same(out, [...samples]);
});

t.test('a truncated MP3 plays its valid prefix (the half-downloaded emergency still speaks)', async (t) => {
  const bytes = mp3Bytes();
  const full = await drain(decodeMp3Stream(chunked(bytes, 4096), live()));
  const half = await drain(decodeMp3Stream(chunked(bytes.subarray(0, bytes.length >> 1), 4096), live()));
  t.ok(half.frames > full.frames * 0.3 && half.frames < full.frames * 0.7, `${half.frames} of ${full.frames} frames`);
  t.equal(activeMp3Decoders(), 0);
});

t.test('damage in the middle of an MP3 costs a gap, not the bulletin', async (t) => {
  const bytes = mp3Bytes();
  const full = await drain(decodeMp3Stream(chunked(bytes, 4096), live()));
  for (let i = 4000; i < 4400; i++) bytes[i] = (i * 31) & 0xff;
  const damaged = await drain(decodeMp3Stream(chunked(bytes, 4096), live()));
  t.ok(damaged.frames > full.frames * 0.7, `${damaged.frames} of ${full.frames} frames`);
});

t.test('an MP3 with no frames in it (an upload cut after its ID3 tag) is AGENT_ERR_DECODE', async (t) => {
  const tagOnly = new Uint8Array(20_000);
  tagOnly.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x7f, 0x7f]); // "ID3" v2.4 claiming 16 KB of tag, then nothing
  await t.rejects(drain(decodeAudioStream(chunked(tagOnly, 4096), live())), isCode('AGENT_ERR_DECODE'));
  t.equal(activeMp3Decoders(), 0, 'the decoder is freed on the error path too');
});

t.test('content that is neither MP3 nor WAV is refused by its first bytes', async (t) => {
  const cases: [string, Uint8Array][] = [
    ['text', new TextEncoder().encode('<html>Thông báo</html>')],
    ['empty', new Uint8Array(0)],
    ['too short', new Uint8Array([0x52, 0x49])],
    ['RIFF but not WAVE', new TextEncoder().encode('RIFF\0\0\0\0AVI LIST')],
  ];
  for (const [name, bytes] of cases) {
    await t.rejects(drain(decodeAudioStream(chunked(bytes, 5), live())), isCode('AGENT_ERR_DECODE'), name);
  }
});

t.test('a WAV that is not 16-bit PCM, or has no samples, is AGENT_ERR_DECODE', async (t) => {
  const eightBit = wavHeader({ sampleRate: 8000, channels: 1 }, 4);
  new DataView(eightBit.buffer).setUint16(34, 8, true);
  const withData = (header: Uint8Array, data: number[]): Uint8Array => new Uint8Array([...header, ...data]);
  await t.rejects(drain(decodeWavStream(chunked(withData(eightBit, [1, 2, 3, 4]), 64), live())), isCode('AGENT_ERR_DECODE'));
  const empty = wavHeader({ sampleRate: 8000, channels: 1 }, 0);
  await t.rejects(drain(decodeWavStream(chunked(empty, 64), live())), isCode('AGENT_ERR_DECODE'));
  await t.rejects(drain(decodeWavStream(chunked(empty.subarray(0, 30), 64), live())), isCode('AGENT_ERR_DECODE'));
});

t.test('a WAV whose sizes were never patched plays to the end of the file', async (t) => {
  const header = wavHeader({ sampleRate: 8000, channels: 1 }, 0);
  const bytes = new Uint8Array([...header, ...new Uint8Array(1600)]);
  t.equal((await drain(decodeWavStream(chunked(bytes, 512), live()))).frames, 800);
});

t.test('a file that is not there is AGENT_ERR_MEDIA_MISSING', async (t) => {
  const dir = t.testdir({});
  await t.rejects(drain(openAudioFile(`${dir}/absent.mp3`, live())), isCode('AGENT_ERR_MEDIA_MISSING'));
  await t.rejects(drain(openAudioFile(dir, live())), isCode('AGENT_ERR_MEDIA_MISSING'), 'a directory');
});

t.test('an ID3-tagged MP3 is recognised and still mono', async (t) => {
  const tag = new Uint8Array(10 + 300);
  tag.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 2, 44]); // "ID3" v2.4, syncsafe size 300
  const dir = t.testdir({});
  const path = `${dir}/tagged.bin`;
  await writeFile(path, new Uint8Array([...tag, ...mp3Bytes()]));
  const decoded = await drain(openAudioFile(path, live()));
  t.equal(decoded.channels, 1);
  t.ok(decoded.frames > 50_000);
});

t.test('aborting a decode stops it with AGENT_ERR_ABORTED and frees the decoder', async (t) => {
  const controller = new AbortController();
  const chunks = decodeMp3Stream(chunked(mp3Bytes(), 1024), controller.signal);
  const first = await chunks.next();
  t.equal(first.done, false);
  t.equal(activeMp3Decoders(), 1);
  controller.abort();
  await t.rejects(chunks.next(), isCode('AGENT_ERR_ABORTED'));
  t.equal(activeMp3Decoders(), 0);
  await t.rejects(drain(decodeMp3Stream(chunked(mp3Bytes(), 1024), controller.signal)), isCode('AGENT_ERR_ABORTED'));
});
