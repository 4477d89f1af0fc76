// The link's behaviour over a scripted transport: Last Will and retained 'online' on its own status topic, the
// subscriptions of its area chain, reconnect with full-jitter backoff after failures and losses, a clean 'offline' on
// stop. (The real MQTT.js transport runs against the real broker in test/edge-agent/e2e.)
import t from 'tap';
import { deviceTopic, encode, type Decoded, type ProtocolError } from '@tinnguon/protocol';
import { AgentError } from '../../../edge-agent/src/errors.js';
import { DeviceLink } from '../../../edge-agent/src/link/device-link.js';
import type { LinkConnectOptions, LinkConnection, LinkHandlers, LinkTransport } from '../../../edge-agent/src/link/link-transport.js';
import { ManualTime } from '../helpers/manual-time.js';

const DEVICE = 'loa-xa-dak-nia-01';

class ScriptedTransport implements LinkTransport {
  readonly attempts: LinkConnectOptions[] = [];
  readonly published: { topic: string; payload: string; retain: boolean }[] = [];
  readonly subscribed: string[][] = [];
  failNext = 0;
  /** Errors the next connects throw, in order (after failNext). */
  readonly failWith: Error[] = [];
  handlers: LinkHandlers | undefined;
  ended = 0;

  async connect(options: LinkConnectOptions, handlers: LinkHandlers): Promise<LinkConnection> {
    this.attempts.push(options);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('ECONNREFUSED');
    }
    const err = this.failWith.shift();
    if (err !== undefined) throw err;
    this.handlers = handlers;
    return {
      subscribe: async (topics) => void this.subscribed.push([...topics]),
      publish: async (topic, payload, opts) => void this.published.push({ topic, payload: payload.toString(), retain: opts.retain }),
      end: async () => void this.ended++,
    };
  }
}

function setup(t: { teardown(fn: () => unknown): void }, transport: ScriptedTransport, refused: { refusedRetryMs?: number; refusedWindowMs?: number } = {}) {
  const time = new ManualTime(Date.UTC(2026, 10, 23));
  const events: string[] = [];
  const messages: Decoded[] = [];
  const undecodable: ProtocolError[] = [];
  const link = new DeviceLink({
    transport, url: 'mqtt://hub', deviceId: DEVICE, username: DEVICE, password: 'x'.repeat(32), keepaliveSec: 60, connectTimeoutMs: 5000,
    backoff: { baseMs: 1000, maxMs: 8000, ...refused }, timers: time.timers, random: () => 0.5, version: '0.1.0', now: () => time.clock.now(),
    subscriptions: () => ['tn/v1/device/x/down/doorbell'],
    onConnected: () => events.push('up'), onDisconnected: () => events.push('down'),
    onMessage: (m) => messages.push(m), onUndecodable: (_topic, e) => undecodable.push(e),
  });
  t.teardown(() => link.stop());
  return { link, time, events, messages, undecodable };
}

const flush = () => new Promise((r) => setImmediate(r));

/** Advances the manual clock 50 ms at a time until the next connect attempt; returns how long that took. */
async function waitForAttempt(time: ManualTime, transport: ScriptedTransport): Promise<number> {
  const before = transport.attempts.length;
  let waited = 0;
  while (transport.attempts.length === before && waited < 600_000) {
    time.advance(50);
    waited += 50;
    await flush();
  }
  return waited;
}

t.test('connects with a Last Will, subscribes, then says online (retained)', async (t) => {
  const transport = new ScriptedTransport();
  const { link, events } = setup(t, transport);
  link.start();
  await flush();
  const [attempt] = transport.attempts;
  t.match(attempt, { clientId: DEVICE, username: DEVICE, keepaliveSec: 60 });
  t.equal(attempt?.will.topic, deviceTopic('status', DEVICE), 'the will is its own status topic');
  t.same(JSON.parse(attempt?.will.payload.toString() ?? '{}'), { state: 'offline', version: '0.1.0', reason: 'CONNECTION_LOST' });
  t.ok(attempt?.will.retain, 'and retained, so the console sees it');
  t.same(transport.subscribed, [['tn/v1/device/x/down/doorbell']]);
  t.match(transport.published[0], { topic: deviceTopic('status', DEVICE), retain: true });
  t.match(JSON.parse(transport.published[0]?.payload ?? '{}'), { state: 'online' });
  t.same(events, ['up']);
  await link.stop();
  t.match(JSON.parse(transport.published.at(-1)?.payload ?? '{}'), { state: 'offline', reason: 'SHUTDOWN' }, 'a clean stop says offline itself');
  t.equal(transport.ended, 1, 'and disconnects (the broker then drops the will)');
});

t.test('failed connects back off with full jitter; a lost link reconnects', async (t) => {
  const transport = new ScriptedTransport();
  transport.failNext = 3;
  const { link, time, events } = setup(t, transport);
  link.start();
  await flush();
  const waits: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = transport.attempts.length;
    let waited = 0;
    while (transport.attempts.length === before) {
      time.advance(50);
      waited += 50;
      await flush();
    }
    waits.push(waited);
  }
  t.same(waits, [500, 1000, 2000], 'half of 1 s, 2 s, 4 s with random() = 0.5');
  t.ok(link.connected);
  transport.handlers?.onClose();
  t.same(events, ['up', 'down']);
  time.advance(500);
  await flush();
  t.same(events, ['up', 'down', 'up'], 'back after a fresh backoff from the first step');
});

t.test('messages are decoded by the protocol; undecodable ones are reported with their code', async (t) => {
  const transport = new ScriptedTransport();
  const { link, messages, undecodable } = setup(t, transport);
  link.start();
  await flush();
  transport.handlers?.onMessage(deviceTopic('doorbell', DEVICE), encode('doorbell', { manifestVersion: 7, at: 1 }));
  transport.handlers?.onMessage(deviceTopic('doorbell', DEVICE), Buffer.from('{"manifestVersion": "seven"}'));
  transport.handlers?.onMessage('tn/v1/elsewhere', Buffer.from('{}'));
  t.match(messages, [{ name: 'doorbell', message: { manifestVersion: 7 } }]);
  t.same(undecodable.map((e) => e.code), ['PROTO_ERR_SCHEMA', 'PROTO_ERR_TOPIC']);
  await link.stop();
  await t.rejects(link.publish('timeRequest', { t0: 1 }), { code: 'AGENT_ERR_LINK' }, 'publishing while offline is a coded error');
});

t.test('a hub restarting (connection refused) is retried every ~1 s; once it says busy, backoff doubles again', async (t) => {
  const transport = new ScriptedTransport();
  const refused = (): Error => new AgentError('AGENT_ERR_LINK', 'connect ECONNREFUSED', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1883'), { code: 'ECONNREFUSED' }) });
  const busy = (): Error => new AgentError('AGENT_ERR_LINK', 'Connection refused: Server unavailable', { cause: Object.assign(new Error('Server unavailable'), { code: 3 }) });
  const { link, time, events } = setup(t, transport);
  link.start();
  await flush();
  transport.handlers?.onClose();
  transport.failWith.push(refused(), refused(), refused(), refused(), busy(), busy(), refused());
  const waits: number[] = [];
  for (let i = 0; i < 8; i++) waits.push(await waitForAttempt(time, transport));
  // Lost: first full-jitter step (0.5 × 1 s); refused ×4: 1 s each, the step not advanced; busy: 1 s, 2 s (full
  // jitter from the second step, as before the restart); refused after busy: 4 s, exponential.
  t.same(waits, [500, 1000, 1000, 1000, 1000, 1000, 2000, 4000]);
  t.ok(link.connected, 'and connected at the last try');
  t.same(events, ['up', 'down', 'up']);
});

t.test('refused connections past the window back off exponentially', async (t) => {
  const transport = new ScriptedTransport();
  const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const { link, time } = setup(t, transport, { refusedRetryMs: 2000, refusedWindowMs: 5000 });
  for (let i = 0; i < 6; i++) transport.failWith.push(refused());
  link.start();
  await flush();
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) waits.push(await waitForAttempt(time, transport));
  // From start: 2 s, 2 s (at 4 s, inside 5 s), then at 6 s exponential: 0.5, 1, 2, 4 s (the step was never advanced).
  t.same(waits, [2000, 2000, 2000, 500, 1000, 2000]);
  t.ok(link.connected);
});
