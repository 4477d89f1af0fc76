import { spawnSync } from 'node:child_process';
import { chmod, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { probeMedia } from '../../../hub/src/media/probe-media.js';
import { EspeakNgProvider } from '../../../hub/src/media/tts/espeak-ng-provider.js';
import { createLameEncoder } from '../../../hub/src/media/tts/lame-encoder.js';
import { parseWav } from '../../../hub/src/media/wav-header.js';

const ALERT = 'Thông báo khẩn: nước lũ đang lên';

const installed = (binary: string): boolean => spawnSync(binary, ['--version']).status === 0;
const noEspeak = installed('espeak-ng') ? false : 'espeak-ng is not installed (apt-get install espeak-ng)';
const noLame = installed('lame') ? false : 'lame is not installed (apt-get install lame)';

async function script(dir: string, name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

t.test('speaks Vietnamese as WAV with true header sizes', { skip: noEspeak }, async (t) => {
  const audio = await new EspeakNgProvider().synthesize(ALERT);
  t.equal(audio.mime, 'audio/wav');
  const layout = parseWav(audio.bytes);
  t.equal(layout?.dataDeclaredBytes, audio.bytes.length - (layout?.dataOffset ?? 0), 'data size repaired');
  const probe = await probeMedia(audio.bytes);
  t.match(probe, { mime: 'audio/wav', channels: 1, sampleRate: 22050 });
  t.ok((probe.durationMs ?? 0) > 1000, `about two seconds of speech: ${probe.durationMs} ms`);
});

t.test('encodes to small MP3 with lame, decodable to the same length', { skip: noEspeak || noLame }, async (t) => {
  const wav = await new EspeakNgProvider().synthesize(ALERT);
  const provider = new EspeakNgProvider({ mp3Encoder: createLameEncoder() });
  const mp3 = await provider.synthesize(ALERT);
  t.equal(mp3.mime, 'audio/mpeg');
  const [wavProbe, mp3Probe] = [await probeMedia(wav.bytes), await probeMedia(mp3.bytes)];
  t.equal(mp3Probe.mime, 'audio/mpeg', 'sniffed and decoded as MP3');
  const off = Math.abs((mp3Probe.durationMs ?? 0) - (wavProbe.durationMs ?? 0));
  t.ok(off <= 50, `MP3 ${mp3Probe.durationMs} ms vs WAV ${wavProbe.durationMs} ms`);
  // 32 kbps is 4 KB a second against 44 KB for 22.05 kHz 16-bit WAV (design.md §5: emergency audio is small).
  t.ok(mp3.bytes.length * 5 < wav.bytes.length, `${mp3.bytes.length} bytes of MP3 vs ${wav.bytes.length} of WAV`);
});

t.test('falls back to WAV when lame is missing', { skip: noEspeak }, async (t) => {
  const provider = new EspeakNgProvider({ mp3Encoder: createLameEncoder({ binary: '/nonexistent/lame' }) });
  t.equal((await provider.synthesize(ALERT)).mime, 'audio/wav');
});

t.test('other voices from the allow-list work', { skip: noEspeak }, async (t) => {
  const audio = await new EspeakNgProvider().synthesize(ALERT, { voice: 'vi-vn-x-south' });
  t.ok(((await probeMedia(audio.bytes)).durationMs ?? 0) > 0);
});

t.test('text goes on stdin: shell syntax in it is only spoken', { skip: noEspeak }, async (t) => {
  const dir = t.testdir({});
  const marker = join(dir, 'pwned');
  const audio = await new EspeakNgProvider().synthesize(`$(touch ${marker}); \`touch ${marker}\` && touch ${marker}`);
  t.equal(audio.mime, 'audio/wav');
  t.same(await readdir(dir), [], 'no command ran');
});

t.test('refuses bad input before starting anything', async (t) => {
  const provider = new EspeakNgProvider({ binary: '/nonexistent/espeak-ng', maxTextChars: 20 });
  await t.rejects(provider.synthesize('   \n\t'), { code: 'HUB_ERR_VALIDATION' }, 'empty text');
  await t.rejects(provider.synthesize('x'.repeat(21)), { code: 'HUB_ERR_VALIDATION' }, 'over the length limit');
  await t.rejects(
    provider.synthesize('xin chào', { voice: '-w/tmp/owned.wav' }),
    { code: 'HUB_ERR_VALIDATION' },
    'a voice that is really an option',
  );
  await t.rejects(provider.synthesize('xin chào', { voice: 'en' }), { code: 'HUB_ERR_VALIDATION' }, 'not allowed');
});

t.test('a missing binary is HUB_ERR_TTS_UNAVAILABLE', async (t) => {
  const provider = new EspeakNgProvider({ binary: '/nonexistent/espeak-ng' });
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_UNAVAILABLE' });
});

t.test('a failing engine is HUB_ERR_TTS_FAILED with what it said', async (t) => {
  const dir = t.testdir({});
  const failing = await script(dir, 'espeak-ng', 'cat >/dev/null; echo "Lỗi: thiếu dữ liệu giọng vi" >&2; exit 3');
  await t.rejects(new EspeakNgProvider({ binary: failing }).synthesize(ALERT), {
    code: 'HUB_ERR_TTS_FAILED',
    message: /exited 3: Lỗi: thiếu dữ liệu giọng vi/,
  });
  const silent = await script(dir, 'silent', 'cat >/dev/null; printf "not a wav"');
  await t.rejects(new EspeakNgProvider({ binary: silent }).synthesize(ALERT), {
    code: 'HUB_ERR_TTS_FAILED',
    message: /16-bit PCM WAV/,
  });
});

t.test('a hung engine is killed at the timeout, and an abort stops it too', async (t) => {
  const dir = t.testdir({});
  const hung = await script(dir, 'hung', 'sleep 30');
  const provider = new EspeakNgProvider({ binary: hung, timeoutMs: 200 });
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_FAILED', message: /timed out/ });

  const controller = new AbortController();
  const pending = new EspeakNgProvider({ binary: hung }).synthesize(ALERT, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('operator cancelled')), 100);
  await t.rejects(pending, { message: 'operator cancelled' });
});
