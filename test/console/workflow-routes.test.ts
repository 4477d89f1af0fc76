// The hub routes behind the console's workflow screens, through inject() on a real hub (SQLite, media store, lame,
// the agent's LED renderer): microphone recordings, the LED preview, a bulletin's reach and its revisions.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { createPngImageSource, renderSequence, renderSlide } from '../../edge-agent/src/led/index.js';
import { probeMedia } from '../../hub/src/media/probe-media.js';
import { createLameEncoder } from '../../hub/src/media/index.js';
import { lazyRenderer, loadAgentLedRenderer } from '../../hub/src/workflow/led-renderer.js';
import { recordingEncoder } from '../../hub/src/workflow/recording-encoder.js';
import { DAY, ledDraft, publishBulletin, startHub, TOKEN, type TestHub } from '../hub/bulletins/bulletin-hub.js';
import { sineWav } from './workflow-wav.js';

const auth = { authorization: `Bearer ${TOKEN}` };

async function postWav(hub: TestHub, bytes: Uint8Array) {
  const res = await hub.app.inject({ method: 'POST', url: '/api/media/recording', headers: { ...auth, 'content-type': 'audio/wav' }, payload: Buffer.from(bytes) });
  return { status: res.statusCode, body: res.json<{ ref: { sha256: string; mime: string; durationMs?: number }; recording: { durationMs: number }; error: { code: string; message: string } }>() };
}

t.test('a microphone recording becomes an MP3 of the same length, stored like an upload', async (t) => {
  const hub = await startHub(t);
  const r = await postWav(hub, sineWav({ seconds: 2, sampleRate: 16_000, amplitude: 0.3 }));
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.equal(r.body.ref.mime, 'audio/mpeg');
  t.equal(r.body.recording.durationMs, 2000);
  const stored = readFileSync(hub.deps.media.path(r.body.ref.sha256));
  const probe = await probeMedia(stored);
  t.equal(probe.mime, 'audio/mpeg', 'devices receive MP3');
  t.ok(Math.abs((probe.durationMs ?? 0) - 2000) <= 60, `decoded MP3 lasts ${probe.durationMs} ms`);
  t.ok(stored.length * 4 < 2 * 16_000 * 2, `${stored.length} bytes of MP3 for 64 KB of WAV`);
});

t.test('recordings that devices could not use are refused with codes an official can act on', async (t) => {
  const hub = await startHub(t);
  const cases: [string, Uint8Array, string][] = [
    ['not a WAV file', new TextEncoder().encode('RIFF....WAVEjunk but not a wav file at all'), 'HUB_ERR_RECORDING_INVALID'],
    ['8-bit PCM', sineWav({ seconds: 1, sampleRate: 8000, amplitude: 0.3, bits: 8 }), 'HUB_ERR_RECORDING_INVALID'],
    ['cut off before its declared data', sineWav({ seconds: 1, sampleRate: 8000, amplitude: 0.3 }).subarray(0, 4000), 'HUB_ERR_RECORDING_INVALID'],
    ['a click of 0.2 s', sineWav({ seconds: 0.2, sampleRate: 8000, amplitude: 0.3 }), 'HUB_ERR_RECORDING_TOO_SHORT'],
    ['a muted microphone', sineWav({ seconds: 2, sampleRate: 8000, amplitude: 0 }), 'HUB_ERR_RECORDING_SILENT'],
    ['longer than ten minutes', sineWav({ seconds: 601, sampleRate: 8000, amplitude: 0.3 }), 'HUB_ERR_RECORDING_TOO_LONG'],
  ];
  for (const [what, bytes, code] of cases) {
    const r = await postWav(hub, bytes);
    t.equal(r.body.error?.code, code, what);
  }
  const empty = await hub.app.inject({ method: 'POST', url: '/api/media/recording', headers: { ...auth, 'content-type': 'audio/wav' }, payload: Buffer.alloc(0) });
  t.equal(empty.json<{ error: { code: string } }>().error.code, 'HUB_ERR_RECORDING_INVALID');
  t.equal((await hub.deps.db.all('SELECT sha256 FROM media')).length, 0, 'nothing refused was stored');
});

t.test('an encoder that is missing or fails is a recording error, not a text-to-speech one', async (t) => {
  const encode = recordingEncoder(createLameEncoder({ binary: '/nonexistent/lame' }));
  await t.rejects(encode(sineWav({ seconds: 1, sampleRate: 8000, amplitude: 0.3 })), { code: 'HUB_ERR_RECORDING_ENCODE' });
});

interface Preview {
  width: number;
  height: number;
  passMs: number;
  frames: { elapsedMs: number; slideIndex: number; rgb: string }[];
  issues: { slideIndex: number; issue: { kind: string } }[];
  error?: { code: string };
}

async function preview(hub: TestHub, body: unknown): Promise<Preview> {
  return (await hub.call('POST', '/api/led/preview', body)).body as unknown as Preview;
}

const rgbOf = (frame: { pixels: Uint8Array }) => Buffer.from(frame.pixels).toString('base64');

t.test('the LED preview is the device renderer’s frame, byte for byte', async (t) => {
  const hub = await startHub(t);
  const text = { type: 'text', text: 'Tiêm chủng mở rộng: 8 giờ sáng thứ Bảy', durationMs: 8000 } as const;
  const ticker = { type: 'ticker', text: 'Cảnh báo lũ quét trên sông Krông Nô', durationMs: 6000, pixelsPerSecond: 32, colour: '#ff3030' } as const;
  const p = await preview(hub, { width: 128, height: 32, slides: [text, ticker] });
  t.equal(p.passMs, 14_000);
  t.same(p.frames.map((f) => [f.elapsedMs, f.slideIndex]), [[0, 0], [8000, 1]], 'by default the first frame of each slide');
  t.ok(p.frames[0]?.rgb === rgbOf(renderSlide(text, { width: 128, height: 32, elapsedMs: 0 })), 'the text slide');

  const times = [8000, 9000, 10_500, 14_000 + 10_500];
  const scrolled = await preview(hub, { width: 192, height: 48, slides: [text, ticker], times });
  for (const [i, at] of times.entries()) {
    t.ok(scrolled.frames[i]?.rgb === rgbOf(renderSequence([text, ticker], at, { width: 192, height: 48 })), `ticker at ${at} ms`);
  }
  t.ok(scrolled.frames[0]?.rgb !== scrolled.frames[1]?.rgb, 'the ticker moves');
  t.ok(scrolled.frames[3]?.rgb === scrolled.frames[2]?.rgb, 'the sequence loops as on the board');
});

t.test('image slides are decoded as the board decodes them; problems are reported, not hidden', async (t) => {
  const hub = await startHub(t);
  const png = await hub.upload('tiny.png', 'image/png');
  const jpeg = await hub.upload('tiny.jpg', 'image/jpeg');
  const p = await preview(hub, { width: 64, height: 32, slides: [{ type: 'image', mediaSha256: png, durationMs: 3000 }, { type: 'image', mediaSha256: jpeg, durationMs: 3000 }, { type: 'text', text: 'Chữ Hán 漢', durationMs: 2000 }] });
  const bytes = new Map([png, jpeg].map((sha) => [sha, readFileSync(hub.deps.media.path(sha))]));
  const images = createPngImageSource((sha) => bytes.get(sha));
  const ref = (sha: string) => ({ sha256: sha, bytes: bytes.get(sha)?.length ?? 0, mime: sha === png ? 'image/png' as const : 'image/jpeg' as const });
  t.ok(p.frames[0]?.rgb === rgbOf(renderSlide({ type: 'image', media: ref(png), durationMs: 3000 }, { width: 64, height: 32, images, elapsedMs: 0 })), 'a PNG, decoded');
  t.ok(p.frames[1]?.rgb === rgbOf(renderSlide({ type: 'image', media: ref(jpeg), durationMs: 3000 }, { width: 64, height: 32, images, elapsedMs: 0 })), 'a JPEG, the board’s placeholder');
  t.same(p.issues.map((i) => [i.slideIndex, i.issue.kind]), [[1, 'imageUnsupported'], [2, 'missingGlyphs']], 'a JPEG the board cannot decode, a glyph the font lacks');

  const unknown = await preview(hub, { width: 64, height: 32, slides: [{ type: 'image', mediaSha256: 'ab'.repeat(32), durationMs: 3000 }] });
  t.equal(unknown.error?.code, 'HUB_ERR_MEDIA_NOT_FOUND');
  const audio = await hub.upload('speech-vi.mp3', 'audio/mpeg');
  t.equal((await preview(hub, { width: 64, height: 32, slides: [{ type: 'image', mediaSha256: audio, durationMs: 3000 }] })).error?.code, 'HUB_ERR_CONTENT_MEDIA_MISMATCH');
  const huge = await preview(hub, { width: 2048, height: 1024, slides: [{ type: 'text', text: 'x', durationMs: 1000 }], times: [0, 1, 2] });
  t.equal(huge.error?.code, 'HUB_ERR_LED_PREVIEW_INVALID', 'frames beyond what a phone should download');
  t.equal((await preview(hub, { width: 4, height: 32, slides: [{ type: 'text', text: 'x', durationMs: 1000 }] })).error?.code, 'HUB_ERR_VALIDATION');
});

t.test('board sizes come from the boards’ own snapshots, within my area', async (t) => {
  const hub = await startHub(t);
  const board = await hub.device('led', '24628');
  await hub.device('loudspeaker', '24628');
  await hub.deps.db.run('INSERT INTO device_snapshots (device_id, png, width, height, taken_at) VALUES (?, ?, ?, ?, ?)', [board, Buffer.from('x'), 192, 64, hub.clock.now]);
  const r = (await hub.call('GET', '/api/led/boards')).body as unknown as { default: { width: number }; boards: { id: string; width?: number; height?: number }[] };
  t.same(r.boards.map((b) => [b.id, b.width, b.height]), [[board, 192, 64]]);
  t.equal(r.default.width, 128);
});

t.test('reach counts the devices an emergency got to: online, playing now, and what each logged', async (t) => {
  const hub = await startHub(t);
  const a = await hub.device('loudspeaker', '24628');
  const b = await hub.device('loudspeaker', '24611');
  const c = await hub.device('led', '24612');
  await hub.device('loudspeaker', '24670'); // another district: not a target
  const { id } = await publishBulletin(hub, ledDraft(hub.clock, {
    priority: 'emergency', schedule: { type: 'now' }, mode: 'test', targetAreas: ['660'],
    content: { kind: 'ledText', slide: { type: 'ticker', text: 'Diễn tập: cảnh báo lũ', durationMs: 10_000, pixelsPerSecond: 32 } },
  }));
  const reach = async () => (await hub.call('GET', `/api/bulletins/${id}/reach`)).body as unknown as Record<string, number | string | { id: string; playing: boolean; lastEvent?: string }[]>;
  t.match(await reach(), { total: 3, online: 0, playing: 0, reached: 0, mode: 'test' });

  for (const d of [a, b, c]) await hub.deps.devices.setPresence(d, 'online');
  await hub.deps.devices.recordHeartbeat(a, { playing: { bulletinId: id, priority: 'emergency', mode: 'test', startedAt: hub.clock.now, paused: false } });
  await hub.deps.logs.submit(b, [{ seq: 1, at: hub.clock.now, event: 'played', bulletinId: id, priority: 'emergency', mode: 'test' }]);
  await hub.deps.logs.submit(c, [{ seq: 1, at: hub.clock.now, event: 'played', bulletinId: 'bt-another-one', priority: 'normal' }]);
  const r = await reach();
  t.match(r, { total: 3, online: 3, playing: 1, reached: 2, played: 1, failed: 0 });
  t.equal((r.devices as { id: string }[])[0]?.id, c, 'the device not reached is listed first');

  await hub.deps.devices.setPresence(a, 'offline');
  t.match(await reach(), { playing: 0, reached: 1 }, 'an offline device is not counted as playing on a stale heartbeat');
  t.equal((await hub.call('GET', '/api/bulletins/bt-unknown-123/reach')).body.error.code, 'HUB_ERR_BULLETIN_UNKNOWN');
});

t.test('revisions: each saved version of a bulletin, read back from the audit log', async (t) => {
  const hub = await startHub(t);
  const created = await hub.call('POST', '/api/bulletins', ledDraft(hub.clock));
  const id = created.body.bulletin.id;
  await hub.call('PATCH', `/api/bulletins/${id}`, { title: 'Lịch tiêm chủng (sửa giờ)', validUntil: hub.clock.now + DAY });
  await hub.call('PATCH', `/api/bulletins/${id}`, { title: 'x'.repeat(300) }); // refused: not a revision
  await hub.call('POST', `/api/bulletins/${id}/submit`);
  const r = (await hub.call('GET', `/api/bulletins/${id}/revisions`)).body as unknown as { revisions: { revision: number; actor: string; fields: Record<string, unknown> }[] };
  t.same(r.revisions.map((v) => v.revision), [1, 2]);
  t.equal(r.revisions[0]?.fields.title, 'Lịch tiêm chủng mở rộng tháng 12');
  t.equal(r.revisions[1]?.fields.title, 'Lịch tiêm chủng (sửa giờ)');
  t.equal(r.revisions[1]?.fields.validUntil, hub.clock.now + DAY);
  t.same(r.revisions[1]?.fields.content, created.body.bulletin.content, 'the whole content, for the diff');
  t.match(r.revisions[0]?.actor, /^admin/, 'who saved it');
});

t.test('the renderer is the agent’s own module, and a missing agent is a coded error that is retried', async (t) => {
  await t.rejects(loadAgentLedRenderer('@tinnguon/no-such-agent'), { code: 'HUB_ERR_LED_RENDERER' });
  let calls = 0;
  const get = lazyRenderer(async () => {
    calls++;
    if (calls === 1) throw new Error('not built yet');
    return loadAgentLedRenderer();
  });
  await t.rejects(get(), /not built yet/);
  t.equal(typeof (await get()).renderSlideWithIssues, 'function', 'loaded on the next preview');
  await get();
  t.equal(calls, 2, 'and only once after that');
});
