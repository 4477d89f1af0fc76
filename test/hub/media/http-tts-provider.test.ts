import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import t from 'tap';
import { HttpTtsProvider } from '../../../hub/src/media/tts/http-tts-provider.js';
import { parseWav } from '../../../hub/src/media/wav-header.js';
import { fixture } from './fixtures.js';

const ALERT = 'Thông báo khẩn: nước lũ đang lên';
const mp3 = fixture('speech-vi.mp3');

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
interface Seen {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}
interface TtsServer {
  readonly url: string;
  readonly seen: Seen[];
  handle(handler: Handler): void;
}

/** A real HTTP server on a free loopback port; each test sets `handle`. */
async function ttsServer(t: { teardown(fn: () => Promise<void>): void }): Promise<TtsServer> {
  let handler: Handler = (_req, res) => res.end();
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    void text(req).then((body) => {
      seen.push({ headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/tts`, seen, handle: (h) => (handler = h) };
}

t.test('posts text and voice as JSON with the bearer token, and sniffs the audio it gets', async (t) => {
  const server = await ttsServer(t);
  server.handle((_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(mp3));
  const provider = new HttpTtsProvider({ url: server.url, token: 's3cret', name: 'vbee' });
  const audio = await provider.synthesize(ALERT, { voice: 'hn-female' });
  t.equal(provider.name, 'vbee');
  t.equal(audio.mime, 'audio/mpeg', 'typed by content, not by the answer’s Content-Type');
  t.ok(Buffer.from(audio.bytes).equals(mp3), 'the bytes as served');
  const [request] = server.seen;
  t.same(JSON.parse(request?.body ?? '{}'), { text: ALERT, voice: 'hn-female' });
  t.equal(request?.headers.authorization, 'Bearer s3cret');
  t.match(request?.headers['content-type'], /^application\/json/);
});

t.test('a WAV streamed with placeholder sizes is repaired', async (t) => {
  const server = await ttsServer(t);
  const wav = fixture('speech-vi.wav').slice();
  const view = new DataView(wav.buffer);
  view.setUint32(4, 0x7ffff000, true);
  view.setUint32(40, 0x7ffff000, true);
  server.handle((_req, res) => res.end(wav));
  const audio = await new HttpTtsProvider({ url: server.url }).synthesize(ALERT);
  t.equal(audio.mime, 'audio/wav');
  t.equal(parseWav(audio.bytes)?.dataDeclaredBytes, wav.length - 44);
});

t.test('service errors are coded', async (t) => {
  const server = await ttsServer(t);
  const provider = new HttpTtsProvider({ url: server.url });
  server.handle((_req, res) => res.writeHead(500).end('model crashed'));
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_FAILED', message: /HTTP 500: model crashed/ });
  server.handle((_req, res) => res.writeHead(503).end());
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_UNAVAILABLE', message: /HTTP 503/ });
  server.handle((_req, res) => res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('<html>login</html>'));
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_FAILED', message: /not audio/ }, 'HTML is not audio');
  server.handle((_req, res) => res.end(fixture('tiny.png')));
  await t.rejects(provider.synthesize(ALERT), { code: 'HUB_ERR_TTS_FAILED', message: /image\/png/ });
  server.handle((_req, res) => res.end(mp3));
  await t.rejects(new HttpTtsProvider({ url: server.url, maxResponseBytes: 1000 }).synthesize(ALERT), {
    code: 'HUB_ERR_TTS_FAILED',
    message: /too large|larger than/,
  });
  await t.rejects(provider.synthesize(''), { code: 'HUB_ERR_VALIDATION' });
});

t.test('a service that does not answer in time is HUB_ERR_TTS_UNAVAILABLE', async (t) => {
  const server = await ttsServer(t);
  server.handle(() => undefined); // never answers
  await t.rejects(new HttpTtsProvider({ url: server.url, timeoutMs: 200 }).synthesize(ALERT), {
    code: 'HUB_ERR_TTS_UNAVAILABLE',
    message: /no answer within 200 ms/,
  });
});

t.test('a refused connection is HUB_ERR_TTS_UNAVAILABLE', async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.rejects(new HttpTtsProvider({ url: `http://127.0.0.1:${port}/tts` }).synthesize(ALERT), {
    code: 'HUB_ERR_TTS_UNAVAILABLE',
    message: /ECONNREFUSED/,
  });
});

t.test('the caller’s abort wins over any coded error', async (t) => {
  const server = await ttsServer(t);
  server.handle(() => undefined);
  const controller = new AbortController();
  const pending = new HttpTtsProvider({ url: server.url }).synthesize(ALERT, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('operator cancelled')), 50);
  await t.rejects(pending, { message: 'operator cancelled' });
});
