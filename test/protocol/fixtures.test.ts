// Golden fixtures: the wire form of every message type is committed in test/fixtures/protocol/, so a change to the
// contract shows up in review as a diff. Regenerate deliberately with UPDATE_FIXTURES=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import t from 'tap';
import { areaTopic, decode, deviceTopic, encode, TOPIC_NAMES, TOPICS, verifyEnvelope, type TopicName } from '@tinnguon/protocol';
import { CHAIN, DEVICE, SAMPLES, T0 } from '../helpers/samples.js';
import { TEST_HUB_KEY } from '../helpers/test-keys.js';

const dir = new URL('../fixtures/protocol/', import.meta.url);

function topicFor(name: TopicName): string {
  return TOPICS[name].direction === 'urgent' ? areaTopic(name as 'emergency', '660') : deviceTopic(name as 'doorbell', DEVICE);
}

for (const name of TOPIC_NAMES) {
  t.test(`golden fixture: ${name}`, async (t) => {
    const file = new URL(`${name}.json`, dir);
    const bytes = encode(name, SAMPLES[name] as never);
    const pretty = `${JSON.stringify({ topic: topicFor(name), payload: JSON.parse(bytes.toString()) as unknown }, null, 2)}\n`;
    if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) writeFileSync(file, pretty);
    const golden = JSON.parse(readFileSync(file, 'utf8')) as { topic: string; payload: unknown };
    t.equal(golden.topic, topicFor(name), 'topic');
    t.same(golden.payload, JSON.parse(bytes.toString()), 'encoding matches the committed wire form');
    const decoded = decode(golden.topic, Buffer.from(JSON.stringify(golden.payload)));
    t.ok(decoded.ok, 'the committed fixture decodes');
    const spec = TOPICS[name];
    if ('signed' in spec) {
      const r = verifyEnvelope(golden.payload, spec.signed, {
        trustedKeys: [TEST_HUB_KEY.publicKey],
        now: T0 + 1,
        recipient: { deviceId: DEVICE, areaChain: CHAIN },
      });
      t.ok(r.ok, r.ok ? 'signature in the fixture verifies' : r.error.reason);
    }
  });
}
