// Issue 8, "Forgery": more than 100,000 forged, mutated, replayed, expired, not-yet-valid, test-as-live, out-of-area
// and wrong-key bulletins, STOP orders, commands and manifests against one real agent on a real hub. None may reach
// the playback executor, none may change what the device holds, each refusal is journaled (and reaches the hub), and
// every genuine emergency and command interleaved among them is carried out (domain.md: forged and replayed siren
// commands; design.md §6: the device verifies before it acts).
//
// Delivery. About 2% of the MQTT cases go through the hub's real broker on the real topics (the device's commune,
// district and province urgent topics, its own command topic), as a compromised relay would publish them. The rest
// enter where the broker's bytes enter: the onMessage handler DeviceLink hands its transport, which MQTT.js calls
// for every PUBLISH — DeviceLink decodes, SignedIntake verifies, Agent.receive routes — so only the socket is skipped.
// Manifests are served through the agent's HTTP fetch seam in place of the hub's answer (a man in the middle) and
// taken through ManifestSync.sync(), the path every doorbell and reconnect takes.
import { setImmediate as tick } from 'node:timers/promises';
import t from 'tap';
import { seededRandom } from '../../simulators/src/faults/fault-plan.js';
import { areaTopic, deviceTopic, encode, generateSigningKey, signEnvelope, type SignedEnvelope } from '@tinnguon/protocol';
import { emergencyKey } from '../../edge-agent/src/runtime/slot-ledger.js';
import { enrolDevice, startTestHub } from '../helpers/hub-instance.js';
import { publishBulletin, waitFor } from '../edge-agent/e2e/agent-harness.js';
import {
  genuineEmergency, genuineStop, roundCases, templates, type Channel, type CorpusContext, type Expect, type ForgedCase,
} from './forgery-corpus.js';
import { tappedAgent } from './tapped-agent.js';

const ROUNDS = Number(process.env.TN_FORGERY_ROUNDS ?? 100);
const SEED = Number(process.env.TN_FORGERY_SEED ?? Date.now() % 1_000_000);
/** Every Nth MQTT case goes through the real broker. */
const VIA_BROKER_EVERY = 50;
const SYNC_OUTCOME: Record<Expect, string> = { rejected: 'refused', fault: 'refused', unparsed: 'failed', same: 'same', ignored: 'n/a' };

t.test(`${ROUNDS} rounds of 1,010 forged messages: none acted on, every genuine one carried out`, async (t) => {
  t.comment(`seed ${SEED} (TN_FORGERY_SEED=${SEED} repeats the same choices of cases and mutations)`);
  const started = performance.now();
  const h = await startTestHub();
  t.teardown(h.stop);
  const creds = await enrolDevice(h, '24628');
  const other = await enrolDevice(h, '24715');
  const a = tappedAgent({ httpUrl: h.httpUrl, mqttUrl: h.mqttUrl, creds, stateDir: t.testdir() });
  await a.agent.start();
  t.teardown(() => a.agent.stop());
  await waitFor('link, manifest and a trusted clock', () => {
    const s = a.agent.status();
    return s.connected && s.manifestVersion !== null && s.clock.trusted;
  });

  // Real speech in the device's cache: genuine emergencies through the officials' routes, one a few seconds long (the
  // genuine emergencies below reuse it) and one very short (for the late-start case at the end).
  const publishEmergency = async (text: string) => {
    const id = await publishBulletin(h, {
      title: 'Diễn tập', priority: 'emergency', originArea: '67', targetAreas: ['660'], content: { kind: 'tts', text },
      schedule: { type: 'now' }, validUntil: Date.now() + 3 * 3600_000,
    });
    await waitFor('the hub’s emergency taken', () => a.agent.parts.ledger.has(emergencyKey(id, 1)));
    // The urgent path can play it before the doorbell's manifest is in (issue 8: media played as soon as verified).
    await waitFor('the emergency in the manifest', () => a.agent.manifest?.bulletins.some((b) => b.bulletinId === id));
    const found = a.agent.manifest?.bulletins.find((b) => b.bulletinId === id)?.content;
    if (found === undefined) throw new Error('the emergency is not in the manifest');
    return { id, content: found };
  };
  const short = await publishEmergency('Cháy.');
  const { id: firstId, content } = await publishEmergency('Diễn tập cảnh báo lũ quét. Người dân chú ý theo dõi.');

  // A genuine change of the programme makes the next manifest; the first one becomes the rollback target.
  let windowsFlip = 0;
  const newManifest = async (): Promise<SignedEnvelope<'manifest'>> => {
    windowsFlip += 1;
    const windows = windowsFlip % 2 === 1 ? [{ start: '05:00', end: '06:00' }, { start: '17:00', end: '18:00' }] : [{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }];
    const res = await h.hub.app.inject({ method: 'PUT', url: '/api/areas/24628/windows/loudspeaker', headers: h.auth, payload: { windows } });
    if (res.statusCode !== 200) throw new Error(`windows: ${res.body}`);
    const envelope = await h.hub.deps.dispatcher.manifestFor(creds.deviceId);
    await waitFor('the agent takes the genuine manifest', () => a.agent.manifest?.version === envelope.payload.version);
    return envelope;
  };
  const olderManifest = await h.hub.deps.dispatcher.manifestFor(creds.deviceId);
  let manifest = await newManifest();

  const random = seededRandom(SEED);
  const taken = { emergencies: [] as Buffer[], commands: [] as Buffer[] };
  const ctx: CorpusContext = {
    hub: h.hub.deps.keyring.active, attacker: generateSigningKey().signer, deviceId: creds.deviceId, otherDeviceId: other.deviceId,
    chain: creds.areaChain, foreignAreas: ['24715', '664', '663', '24611', '24700'], content, now: () => a.agent.parts.clock.now(), random,
    manifest: () => manifest, olderManifest, taken,
  };
  const tpl = templates(ctx);
  const chain = creds.areaChain;
  const topicFor = (channel: Exclude<Channel, 'manifest'>): string =>
    channel === 'command' ? deviceTopic('command', creds.deviceId) : areaTopic(channel, chain[Math.floor(random() * chain.length)] ?? '67');

  // Genuine content for the replay pools, taken before the first round.
  const seedEmergency = signEnvelope(ctx.hub, genuineEmergency(ctx, 'bt-valid-seed'));
  a.inject(topicFor('emergency'), encode('emergency', seedEmergency));
  await waitFor('the seed emergency played', () => a.agent.parts.ledger.has(emergencyKey('bt-valid-seed', 1)));
  taken.emergencies.push(encode('emergency', seedEmergency));
  const commandSent = async (level: number): Promise<void> => {
    const results = a.published.get('commandResult') ?? 0;
    const envelope = await h.hub.deps.dispatcher.sendCommand(creds.deviceId, { action: 'volume', level });
    await waitFor('the genuine command carried out', () => (a.published.get('commandResult') ?? 0) > results);
    taken.commands.push(encode('command', envelope));
  };
  await commandSent(60);

  const valid = new Set([firstId, 'bt-valid-seed']);
  const genuine = new Set([...valid, short.id]);
  const tally = new Map<string, number>();
  const expected = new Map<Expect, number>();
  let viaBroker = 0;
  let validViaBroker = 0;
  let delivered = 0;
  let lastLevel = 60;
  const syncMismatches: string[] = [];
  const count = (c: ForgedCase): void => {
    tally.set(`${c.channel}/${c.category}`, (tally.get(`${c.channel}/${c.category}`) ?? 0) + 1);
    expected.set(c.expect, (expected.get(c.expect) ?? 0) + 1);
  };
  const stopsBefore = a.stops.count;
  const phaseMs = { generate: 0, mqtt: 0, manifests: 0, waits: 0 };
  const cpu0 = process.cpuUsage();

  for (let round = 0; round < ROUNDS; round++) {
    const g0 = performance.now();
    const cases = roundCases(ctx, tpl, ['emergency', 'stop', 'command']);
    const manifests = roundCases(ctx, tpl, ['manifest']);
    const g1 = performance.now();
    phaseMs.generate += g1 - g0;
    const validAt = Math.floor(random() * cases.length);
    const validId = `bt-valid-${round}`;
    const pending: Promise<void>[] = [];
    for (const [i, c] of cases.entries()) {
      if (i === validAt) {
        // A genuine emergency in the middle of the flood: an exercise every fifth round (visibly different, still played).
        const envelope = signEnvelope(ctx.hub, genuineEmergency(ctx, validId, round % 5 === 4 ? 'test' : 'live'));
        const bytes = encode('emergency', envelope);
        if (round % 2 === 1) {
          validViaBroker += 1;
          pending.push(h.hub.broker.publish(topicFor('emergency'), bytes, { qos: 1 }));
        } else {
          a.inject(topicFor('emergency'), bytes);
        }
        valid.add(validId);
        genuine.add(validId);
        taken.emergencies.push(bytes);
      }
      if (c.channel === 'manifest') throw new Error('manifests are not MQTT cases');
      count(c);
      delivered += 1;
      if (delivered % VIA_BROKER_EVERY === 0) {
        viaBroker += 1;
        pending.push(h.hub.broker.publish(topicFor(c.channel), c.bytes, { qos: 1 }));
      } else {
        a.inject(topicFor(c.channel), c.bytes);
      }
      if (i % 100 === 99) await tick();
    }
    const g2 = performance.now();
    phaseMs.mqtt += g2 - g1;
    // A sync of the agent's own may be under way (a doorbell, or the retry after a forged manifest that did not
    // parse): let it finish, so that each forged manifest below is fetched by the sync() that asks for it.
    await a.agent.sync();
    for (const c of manifests) {
      count(c);
      delivered += 1;
      a.serveManifest(c.bytes);
      const outcome = await a.agent.sync();
      if (outcome !== SYNC_OUTCOME[c.expect]) syncMismatches.push(`${c.category}: ${outcome}, expected ${SYNC_OUTCOME[c.expect]}`);
      if (a.agent.manifest?.version !== manifest.payload.version) throw new Error(`a forged manifest (${c.category}) replaced the genuine one`);
    }
    const g3 = performance.now();
    phaseMs.manifests += g3 - g2;
    await Promise.all(pending);
    lastLevel = round % 101;
    await commandSent(lastLevel);
    await waitFor(`the genuine emergency of round ${round} played`, () => a.agent.parts.ledger.has(emergencyKey(validId, 1)));
    if (round % 25 === 12) manifest = await newManifest();
    phaseMs.waits += performance.now() - g3;
  }

  // The stop path is alive: a genuine STOP is obeyed (once), where thousands of forged ones were not.
  t.equal(a.stops.count, stopsBefore, 'no forged STOP or command reached the executor’s stop()');
  a.inject(areaTopic('stop', '24628'), encode('stop', signEnvelope(ctx.hub, genuineStop(ctx))));
  t.equal(a.stops.count, stopsBefore + 1, 'the genuine STOP did');

  // Refusals beyond 30 a minute are counted into one entry written when the next minute's first refusal comes.
  a.clock.advance(61_000);
  a.inject(areaTopic('emergency', '67'), Buffer.from('{"forged":true}'));
  expected.set('rejected', (expected.get('rejected') ?? 0) + 1);

  await waitFor('every broker-delivered message arrived', () => {
    const got = (a.arrivals.get('emergency') ?? 0) + (a.arrivals.get('stop') ?? 0) + (a.arrivals.get('command') ?? 0);
    // + the hub's own first emergency and every genuine command, which came the same way
    return got >= viaBroker + validViaBroker + 1 + taken.commands.length;
  });
  // Every entry the device journaled (seq 1 … nextSeq − 1) is at the hub, and none is left to send.
  await waitFor('the journal uploaded', async () => {
    const { n } = (await h.hub.deps.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM playback_logs WHERE device_id = ?', [creds.deviceId])) ?? { n: 0 };
    return a.agent.status().pendingLogs === 0 && n === a.agent.parts.journal.stats().nextSeq - 1;
  }, 60_000);

  type Row = { event: string; bulletin_id: string | null; reason: string | null; detail: string | null; played_ms: number | null };
  const rows = await h.hub.deps.db.all<Row>('SELECT event, bulletin_id, reason, detail, played_ms FROM playback_logs WHERE device_id = ? ORDER BY seq', [creds.deviceId]);
  const rejectedRows = rows.filter((r) => r.event === 'rejected');
  const summary = (r: Row): number => Number(/^Thêm (\d+) nội dung bị từ chối/.exec(r.detail ?? '')?.[1] ?? 0);
  const detailed = rejectedRows.filter((r) => summary(r) === 0);
  const journaledRejections = detailed.length + rejectedRows.reduce((n, r) => n + summary(r), 0);
  const reasons = new Map<string, number>();
  for (const r of detailed) reasons.set(r.reason ?? '?', (reasons.get(r.reason ?? '?') ?? 0) + 1);

  const forgedTotal = [...tally.values()].reduce((n, v) => n + v, 0);
  const offeredForged = a.offered.filter((item) => !genuine.has(item.bulletinId));
  const played = new Set(a.events.flatMap((e) => (e.type === 'firstFrame' ? [e.bulletinId] : [])));
  const playedAtHub = new Map<string, number>();
  for (const r of rows) if (r.event === 'played' && r.bulletin_id !== null && (r.played_ms ?? 0) > 0) playedAtHub.set(r.bulletin_id, (playedAtHub.get(r.bulletin_id) ?? 0) + 1);
  const commands = await h.hub.deps.db.all<{ result_ok: number | null }>('SELECT result_ok FROM device_commands WHERE device_id = ?', [creds.deviceId]);

  t.ok(forgedTotal >= 100_000 || ROUNDS < 100, `${forgedTotal} forged messages delivered`);
  t.same(offeredForged.map((i) => i.bulletinId), [], 'zero forged items offered to the playback executor');
  t.same([...played].filter((id) => !genuine.has(id)), [], 'zero forged bulletins made a sound');
  t.same([...valid].filter((id) => !played.has(id)), [], `every one of the ${valid.size} genuine emergencies played (exercises included)`);
  t.same([...valid].filter((id) => playedAtHub.get(id) !== 1), [], 'and each is logged played (with audio, played_ms > 0) exactly once at the hub');
  t.equal(a.published.get('commandResult'), taken.commands.length, `only the ${taken.commands.length} genuine commands were carried out and answered`);
  t.ok(commands.length === taken.commands.length && commands.every((c) => c.result_ok === 1), 'each genuine command has its result at the hub');
  t.equal(a.agent.volume, lastLevel, 'the volume is the last genuine command’s');
  t.same(syncMismatches, [], 'every forged manifest was refused (or, served again unchanged, left as it was)');
  t.equal(a.agent.manifest?.version, manifest.payload.version, 'the manifest in force is the hub’s genuine one');
  t.notOk(a.agent.manifest?.bulletins.some((b) => b.bulletinId.startsWith('bt-forged')), 'with no forged bulletin in it');
  t.equal(journaledRejections, expected.get('rejected'), `each of the ${expected.get('rejected')} refusals is journaled and reached the hub (${detailed.length} in detail, the rest counted per minute)`);
  t.equal(rows.filter((r) => r.event === 'fault' && (r.detail ?? '').startsWith('Từ chối lịch phát')).length, expected.get('fault') ?? 0, 'signed manifests for another device or older versions are journaled as faults');
  t.equal(a.logged.get('non-emergency bulletin on the urgent topic ignored') ?? 0, expected.get('ignored') ?? 0, 'hub-signed priority bulletins on the urgent topic were verified and ignored');
  t.ok(detailed.every((r) => /từ chối/.test(r.detail ?? '')), 'with a Vietnamese detail for the official');

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const manifestCount = [...tally.entries()].filter(([k]) => k.startsWith('manifest/')).reduce((n, [, v]) => n + v, 0);
  t.comment(`delivered ${forgedTotal} forged messages (${forgedTotal - manifestCount} on MQTT topics, ${viaBroker} of them through the broker; ${manifestCount} manifests over HTTP) and ${valid.size} genuine emergencies + ${taken.commands.length} genuine commands in ${seconds} s `);
  const cpu = process.cpuUsage(cpu0);
  t.comment(`phases (s): ${JSON.stringify(Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, Math.round(v / 100) / 10])))}; CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  t.comment(`expected outcomes: ${JSON.stringify(Object.fromEntries(expected))}; acted on: 0`);
  t.comment(`by category: ${JSON.stringify(Object.fromEntries([...tally.entries()].sort()))}`);
  t.comment(`reasons of the ${detailed.length} detailed journal entries: ${JSON.stringify(Object.fromEntries([...reasons.entries()].sort()))}`);

  // Found while writing this test: an emergency's start-up delay was once skipped as "catch-up", so a short alert
  // whose first samples came late was logged 'played' with no sound. Emergencies are now heard from their first word.
  const media = short.content.kind === 'tts' || short.content.kind === 'audio' ? short.content.media : undefined;
  const lateMs = (media?.durationMs ?? 0) + 150;
  await t.test('a genuine emergency whose first samples come late still makes a sound', { skip: lateMs > 1000 ? `the short clip is ${lateMs - 150} ms` : false }, async (tt) => {
    const id = 'bt-late-start';
    a.inject(areaTopic('emergency', '24628'), encode('emergency', signEnvelope(ctx.hub, genuineEmergency(ctx, id, 'live', 'emergency', short.content))));
    // The decoder's first samples come `lateMs` after the message (a busy Pi, a slow SD card): simulated by moving the
    // agent's clock on before the play has started.
    a.clock.advance(lateMs);
    await waitFor('the late emergency accounted for', () => a.agent.parts.ledger.has(emergencyKey(id, 1)));
    await waitFor('its log at the hub', async () => (await h.hub.deps.db.get('SELECT 1 AS x FROM playback_logs WHERE device_id = ? AND bulletin_id = ?', [creds.deviceId, id])) !== undefined);
    const row = await h.hub.deps.db.get<{ event: string; played_ms: number | null }>('SELECT event, played_ms FROM playback_logs WHERE device_id = ? AND bulletin_id = ?', [creds.deviceId, id]);
    tt.ok(a.events.some((e) => e.type === 'firstFrame' && e.bulletinId === id), 'its first frame reached the loudspeaker');
    tt.ok(row?.event !== 'played' || (row.played_ms ?? 0) > 0, `a 'played' log has audio behind it (hub row: ${JSON.stringify(row)})`);
  });
});
