// The default attention tone (design.md §5) as the agents will receive it: read by the agent's own WAV reader and
// decoder, as long as it says, the same bytes on every start (a changed hash makes every device download it again).
import { createHash } from 'node:crypto';
import t from 'tap';
import { decodeWavStream } from '../../../edge-agent/src/audio/wav-decoder.js';
import { parseWavHeader } from '../../../edge-agent/src/audio/wav-format.js';
import { CHIME_DURATION_MS, CHIME_SAMPLE_RATE, checkAttentionTone, generateChime } from '../../../hub/src/attention-tone/index.js';
import { probeMedia } from '../../../hub/src/media/index.js';

/** Changing the chime is allowed, but deliberate: every loudspeaker in the province fetches the new one once. */
const PINNED_SHA256 = '6ae22f2ba004d3e65fcc9c23c5f9d4490ea5bf21645d69ee2e7b27ce64b573b5';

async function agentSamples(bytes: Uint8Array): Promise<{ pcm: Int16Array; sampleRate: number; channels: number }> {
  const parts: Int16Array[] = [];
  let format = { sampleRate: 0, channels: 0 };
  // Fed in uneven pieces, as a download arrives.
  async function* pieces(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += 4093) yield bytes.subarray(at, at + 4093);
  }
  for await (const chunk of decodeWavStream(pieces(), new AbortController().signal)) {
    parts.push(chunk.pcm);
    format = { sampleRate: chunk.sampleRate, channels: chunk.channels };
  }
  const pcm = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    pcm.set(p, at);
    at += p.length;
  }
  return { pcm, ...format };
}

const rms = (pcm: Int16Array, fromMs: number, toMs: number): number => {
  const slice = pcm.subarray((fromMs * CHIME_SAMPLE_RATE) / 1000, (toMs * CHIME_SAMPLE_RATE) / 1000);
  return Math.sqrt(slice.reduce((s, v) => s + v * v, 0) / slice.length);
};

t.test('the agent reads the chime as 16-bit PCM of the declared length', async (t) => {
  const wav = generateChime();
  const header = parseWavHeader(wav);
  t.same(header?.format, { sampleRate: CHIME_SAMPLE_RATE, channels: 1 }, 'the agent’s header reader accepts it');
  t.equal(header?.dataBytes, wav.length - 44, 'and its data chunk covers the whole file');
  const { pcm, sampleRate, channels } = await agentSamples(wav);
  t.equal(sampleRate, CHIME_SAMPLE_RATE);
  t.equal(channels, 1);
  t.equal((pcm.length * 1000) / sampleRate, CHIME_DURATION_MS, 'the decoder yields exactly the declared duration');
  const probe = await probeMedia(wav);
  t.equal(probe.durationMs, CHIME_DURATION_MS, 'the hub’s probe (the MediaRef’s durationMs) agrees');
  t.ok(CHIME_DURATION_MS >= 1500 && CHIME_DURATION_MS <= 2500, 'short enough not to hold up the warning');
});

t.test('the chime is clearly audible, without clipping or clicks, and rings three times', async (t) => {
  const { pcm } = await agentSamples(generateChime());
  const peak = pcm.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  t.ok(peak > 20_000 && peak < 32_000, `peak ${peak}: about −3 dBFS, headroom left`);
  t.equal(pcm[0], 0, 'starts from silence');
  t.equal(pcm[pcm.length - 1], 0, 'ends on silence, so the speech that follows does not start on a click');
  // Each note strikes: the level just after its onset is well above the ring of the note before.
  for (const onsetMs of [420, 840]) {
    const before = rms(pcm, onsetMs - 40, onsetMs);
    const after = rms(pcm, onsetMs + 10, onsetMs + 50);
    t.ok(after > before * 1.3, `a new note at ${onsetMs} ms (${before.toFixed(0)} → ${after.toFixed(0)} RMS)`);
  }
  t.doesNotThrow(() => checkAttentionTone(generateChime(), 'default'), 'the default passes the checks an operator’s own tone must pass');
});

t.test('the chime is the same bytes every time, so its SHA-256 is stable across restarts', async (t) => {
  const a = generateChime();
  const b = generateChime();
  t.same(Buffer.from(a), Buffer.from(b));
  t.equal(createHash('sha256').update(a).digest('hex'), PINNED_SHA256, 'the pinned hash (computed with basic arithmetic only)');
});
