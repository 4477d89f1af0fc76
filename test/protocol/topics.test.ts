import { readFileSync, writeFileSync } from 'node:fs';
import t from 'tap';
import fc from 'fast-check';
import {
  areaTopic,
  deviceSubscriptions,
  deviceTopic,
  parseTopic,
  topicTableMarkdown,
  TOPIC_NAMES,
  TOPICS,
  type AreaTopicName,
  type DeviceTopicName,
} from '@tinnguon/protocol';

const deviceNames = TOPIC_NAMES.filter((n) => TOPICS[n].direction !== 'urgent') as DeviceTopicName[];
const areaNames = TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'urgent') as AreaTopicName[];

t.test('every device topic round-trips through build and parse', async (t) => {
  for (const name of deviceNames) {
    const topic = deviceTopic(name, 'loa-01-abc');
    t.same(parseTopic(topic), { name, deviceId: 'loa-01-abc', direction: TOPICS[name].direction }, topic);
  }
  for (const name of areaNames) {
    const topic = areaTopic(name, '24616');
    t.same(parseTopic(topic), { name, areaCode: '24616', direction: 'urgent' }, topic);
  }
});

t.test('the tree has the topics the contract promises', async (t) => {
  t.equal(deviceTopic('doorbell', 'd-001'), 'tn/v1/device/d-001/down/doorbell');
  t.equal(deviceTopic('status', 'd-001'), 'tn/v1/device/d-001/up/status');
  t.equal(areaTopic('emergency', '67'), 'tn/v1/area/67/urgent/emergency');
  t.equal(areaTopic('stop', '67'), 'tn/v1/area/67/urgent/stop');
  t.ok(TOPICS.status.retain, 'status is retained so the Last Will sticks');
});

t.test('building refuses ids that would escape the tree', async (t) => {
  for (const bad of ['', 'a/b', '+', '#', 'x', 'dev#1', 'd/../e']) {
    t.throws(() => deviceTopic('doorbell', bad), RangeError, `device ${JSON.stringify(bad)}`);
  }
  for (const bad of ['', 'a/b', '+', '#', '-67']) {
    t.throws(() => areaTopic('emergency', bad), RangeError, `area ${JSON.stringify(bad)}`);
  }
});

t.test('parsing rejects everything outside the tree', async (t) => {
  const bad = [
    'tn/v1/device/d-001/down/unknown',
    'tn/v1/device/d-001/urgent/emergency',
    'tn/v1/area/67/down/doorbell',
    'tn/v1/device/+/down/doorbell',
    'tn/v1/device/#',
    'tn/v2/device/d-001/down/doorbell',
    'tn/v1/device/d-001/down/doorbell/extra',
    '/tn/v1/device/d-001/down/doorbell',
    '',
  ];
  for (const topic of bad) t.equal(parseTopic(topic), undefined, topic);
});

t.test('parse never throws and only accepts what build produces', async () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const parsed = parseTopic(s);
      if (parsed === undefined) return true;
      const rebuilt = 'deviceId' in parsed ? deviceTopic(parsed.name, parsed.deviceId) : areaTopic(parsed.name, parsed.areaCode);
      return rebuilt === s;
    }),
    { numRuns: 5000 },
  );
});

t.test('a device subscribes to its own down-topics and its area chain urgent topics only', async (t) => {
  const subs = deviceSubscriptions('loa-01-abc', ['67', '660', '24616']);
  t.equal(subs.length, deviceNames.filter((n) => TOPICS[n].direction === 'down').length + 3 * areaNames.length);
  for (const s of subs) {
    const p = parseTopic(s);
    t.ok(p, s);
    if (p && 'deviceId' in p) t.same([p.deviceId, p.direction], ['loa-01-abc', 'down']);
    if (p && 'areaCode' in p) t.ok(['67', '660', '24616'].includes(p.areaCode));
  }
});

t.test('protocol/README.md documents exactly the topic tree in the code', async (t) => {
  const path = new URL('../../protocol/README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const start = '<!-- topics:start -->\n';
  const end = '\n<!-- topics:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  t.ok(i >= 0 && j > i, 'README has the generated-topics markers');
  const actual = readme.slice(i + start.length, j);
  const expected = topicTableMarkdown();
  if (actual !== expected && process.env.UPDATE_DOCS === '1') {
    writeFileSync(path, readme.slice(0, i + start.length) + expected + readme.slice(j));
  }
  t.equal(actual, expected, 'run `UPDATE_DOCS=1 npx tap test/protocol/topics.test.ts` to regenerate');
});
