// The device ACL as a table (protocol/README.md: exact subscriptions, own up-topics, hub-only down and urgent) and
// as properties over thousands of generated topics: what a device may subscribe to is exactly deviceSubscriptions().
import t from 'tap';
import fc from 'fast-check';
import { areaTopic, deviceSubscriptions, deviceTopic, parseTopic, TOPIC_NAMES, TOPICS, type DeviceTopicName } from '@tinnguon/protocol';
import { canPublish, canSetWill, canSubscribe, HUB_PRINCIPAL } from '../../../hub/src/broker/index.js';

import { FOREIGN_AREA, ME, OTHER, topicArb } from './topic-arbitraries.js';

type Row = [string, string, string | true];

t.test('subscribe table', async (t) => {
  const rows: Row[] = [
    ['own doorbell', deviceTopic('doorbell', ME.deviceId), true],
    ['own command', deviceTopic('command', ME.deviceId), true],
    ['own log-ack', deviceTopic('logAck', ME.deviceId), true],
    ['own time reply', deviceTopic('timeResponse', ME.deviceId), true],
    ['province emergency', areaTopic('emergency', '67'), true],
    ['district stop', areaTopic('stop', '660'), true],
    ['commune emergency', areaTopic('emergency', '24616'), true],
    ['other device command', deviceTopic('command', OTHER), 'foreign-device'],
    ['neighbouring commune emergency', areaTopic('emergency', FOREIGN_AREA), 'foreign-area'],
    ['own status (an up-topic)', deviceTopic('status', ME.deviceId), 'wrong-direction'],
    ['other device logs', deviceTopic('logBatch', OTHER), 'wrong-direction'],
    ['+ for the device', 'tn/v1/device/+/down/command', 'wildcard'],
    ['+ for the leaf of its own tree', `tn/v1/device/${ME.deviceId}/down/+`, 'wildcard'],
    ['+ for the area', 'tn/v1/area/+/urgent/emergency', 'wildcard'],
    ['# everything', '#', 'wildcard'],
    ['# under the root', 'tn/v1/#', 'wildcard'],
    ['$SYS wildcard', '$SYS/#', 'sys-topic'],
    ['$SYS heartbeat', '$SYS/abc/heartbeat', 'sys-topic'],
    ['outside the tree', 'home/livingroom/light', 'outside-tree'],
    ['unknown leaf', `tn/v1/device/${ME.deviceId}/down/shell`, 'outside-tree'],
    ['other version', `tn/v2/device/${ME.deviceId}/down/command`, 'outside-tree'],
    ['trailing slash', `${deviceTopic('command', ME.deviceId)}/`, 'outside-tree'],
    ['case changed', deviceTopic('command', ME.deviceId).toUpperCase(), 'outside-tree'],
    ['empty', '', 'outside-tree'],
  ];
  for (const [name, filter, expected] of rows) {
    const d = canSubscribe(ME, filter);
    t.same(d, expected === true ? { allow: true } : { allow: false, reason: expected }, `device: ${name}`);
  }
  t.same(canSubscribe(HUB_PRINCIPAL, 'tn/v1/device/+/up/status'), { allow: true }, 'the hub may watch the tree');
  t.same(canSubscribe(HUB_PRINCIPAL, '$SYS/#'), { allow: false, reason: 'sys-topic' });
  t.same(canSubscribe(HUB_PRINCIPAL, '#'), { allow: false, reason: 'outside-tree' });
});

t.test('publish table', async (t) => {
  const rows: [string, 'device' | 'hub', string, Parameters<typeof canPublish>[2], string | true][] = [
    ['own status', 'device', deviceTopic('status', ME.deviceId), { retain: true, qos: 1, payloadBytes: 60 }, true],
    ['own heartbeat', 'device', deviceTopic('heartbeat', ME.deviceId), { qos: 0, payloadBytes: 900 }, true],
    ['own logs at the limit', 'device', deviceTopic('logBatch', ME.deviceId), { qos: 1, payloadBytes: TOPICS.logBatch.maxBytes }, true],
    ['own logs one byte over', 'device', deviceTopic('logBatch', ME.deviceId), { payloadBytes: TOPICS.logBatch.maxBytes + 1 }, 'too-large'],
    ['own command result', 'device', deviceTopic('commandResult', ME.deviceId), {}, true],
    ['own time request', 'device', deviceTopic('timeRequest', ME.deviceId), {}, true],
    ['retained heartbeat', 'device', deviceTopic('heartbeat', ME.deviceId), { retain: true }, 'retain-not-allowed'],
    ['QoS 2 status', 'device', deviceTopic('status', ME.deviceId), { qos: 2 }, 'qos-not-allowed'],
    ['another device status', 'device', deviceTopic('status', OTHER), {}, 'foreign-device'],
    ['its own command topic', 'device', deviceTopic('command', ME.deviceId), {}, 'wrong-direction'],
    ['another device doorbell', 'device', deviceTopic('doorbell', OTHER), {}, 'wrong-direction'],
    ['an emergency in its own commune', 'device', areaTopic('emergency', '24616'), {}, 'wrong-direction'],
    ['a STOP for the province', 'device', areaTopic('stop', '67'), {}, 'wrong-direction'],
    ['$SYS', 'device', '$SYS/x/heartbeat', {}, 'sys-topic'],
    ['outside the tree', 'device', 'cmd/shell', {}, 'outside-tree'],
    ['wildcard', 'device', 'tn/v1/device/+/up/status', {}, 'wildcard'],
    ['hub doorbell', 'hub', deviceTopic('doorbell', OTHER), { qos: 1 }, true],
    ['hub emergency', 'hub', areaTopic('emergency', FOREIGN_AREA), { qos: 1, payloadBytes: TOPICS.emergency.maxBytes }, true],
    ['hub oversized stop', 'hub', areaTopic('stop', '67'), { payloadBytes: TOPICS.stop.maxBytes + 1 }, 'too-large'],
    ['hub retained doorbell', 'hub', deviceTopic('doorbell', OTHER), { retain: true }, 'retain-not-allowed'],
    ['hub on a device status', 'hub', deviceTopic('status', OTHER), {}, 'wrong-direction'],
    ['hub on $SYS', 'hub', '$SYS/x', {}, 'sys-topic'],
    ['hub outside the tree', 'hub', 'tn/v1/other', {}, 'outside-tree'],
  ];
  for (const [name, who, topic, facts, expected] of rows) {
    const d = canPublish(who === 'hub' ? HUB_PRINCIPAL : ME, topic, facts);
    t.same(d, expected === true ? { allow: true } : { allow: false, reason: expected }, `${who}: ${name}`);
  }
});

t.test('a device will is its own presence and nothing else (design.md §7)', async (t) => {
  const own = deviceTopic('status', ME.deviceId);
  t.same(canSetWill(ME, { topic: own, retain: true, qos: 1, payloadBytes: 80 }), { allow: true });
  t.same(canSetWill(ME, { topic: deviceTopic('status', OTHER), retain: true }), { allow: false, reason: 'will-topic' });
  t.same(canSetWill(ME, { topic: deviceTopic('heartbeat', ME.deviceId) }), { allow: false, reason: 'will-topic' });
  t.same(canSetWill(ME, { topic: areaTopic('stop', '67') }), { allow: false, reason: 'will-topic' });
  t.same(canSetWill(ME, { topic: own, payloadBytes: TOPICS.status.maxBytes + 1 }), { allow: false, reason: 'too-large' });
});

const ownSubscriptions = new Set(deviceSubscriptions(ME.deviceId, ME.areaChain));
const ownUpTopics = new Set(
  TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'up').map((n) => deviceTopic(n as DeviceTopicName, ME.deviceId)),
);

t.test('property: a device may subscribe to exactly deviceSubscriptions(own id, own chain)', async (t) => {
  for (const topic of ownSubscriptions) t.ok(canSubscribe(ME, topic).allow, topic);
  let allowed = 0;
  fc.assert(
    fc.property(topicArb, (filter) => {
      const allow = canSubscribe(ME, filter).allow;
      if (allow) allowed += 1;
      return allow === ownSubscriptions.has(filter);
    }),
    { numRuns: 20_000 },
  );
  // The generator must reach the allowed set, or the equality above says nothing about it.
  t.ok(allowed > 0, `${allowed} of 20,000 generated filters were allowed`);
});

t.test('property: a device may publish only on its own up-topics; the hub never on up-topics', async (t) => {
  let allowed = 0;
  fc.assert(
    fc.property(topicArb, (topic) => {
      const allow = canPublish(ME, topic).allow;
      if (allow) allowed += 1;
      const hubAllowed = canPublish(HUB_PRINCIPAL, topic).allow;
      const direction = parseTopic(topic)?.direction;
      return allow === ownUpTopics.has(topic) && (!hubAllowed || direction === 'down' || direction === 'urgent');
    }),
    { numRuns: 20_000 },
  );
  t.ok(allowed > 0, `${allowed} of 20,000 generated topics were allowed`);
});
