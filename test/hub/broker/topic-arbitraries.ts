// Generated topics and filters for the ACL properties: valid-looking, near-valid (one segment off: another device,
// a foreign area, a wildcard, a wrong direction, a changed case) and junk.
import fc from 'fast-check';
import { areaTopic, deviceTopic, TOPIC_NAMES, TOPICS, type AreaTopicName, type DeviceTopicName } from '@tinnguon/protocol';
import type { DevicePrincipal } from '../../../hub/src/broker/index.js';

export const ME: DevicePrincipal = { kind: 'device', deviceId: 'loa-xa-dak-nia-01', areaChain: ['67', '660', '24616'] };
export const OTHER = 'loa-xa-dak-nia-02';
export const FOREIGN_AREA = '24617';

const deviceIdArb = fc.constantFrom(ME.deviceId, OTHER, 'bang-660-aa01', ME.deviceId.toUpperCase(), `${ME.deviceId}x`);
const areaArb = fc.constantFrom(...ME.areaChain, FOREIGN_AREA, '66', '6', '246160');
const segmentArb = fc.oneof(
  fc.constantFrom('tn', 'v1', 'v2', 'device', 'area', 'down', 'up', 'urgent', '+', '#', '', '$SYS', 'TN'),
  fc.constantFrom(...TOPIC_NAMES.map((n) => TOPICS[n].leaf), 'shell', 'exec'),
  deviceIdArb,
  areaArb,
  fc.string({ maxLength: 6 }),
);
const deviceIds = [ME.deviceId, OTHER, 'bang-660-aa01'];
const areas = [...ME.areaChain, FOREIGN_AREA, '66'];
/** Every real topic of a few devices and areas, ours and others'. */
const realTopics = [
  ...deviceIds.flatMap((id) =>
    TOPIC_NAMES.filter((n) => TOPICS[n].direction !== 'urgent').map((n) => deviceTopic(n as DeviceTopicName, id)),
  ),
  ...areas.flatMap((code) => TOPIC_NAMES.filter((n) => TOPICS[n].direction === 'urgent').map((n) => areaTopic(n as AreaTopicName, code))),
];

type Mutation = (segments: string[]) => string[];
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(7), segmentArb).map(([i, seg]): Mutation => (s) => s.map((x, j) => (j === i % s.length ? seg : x))),
  fc.tuple(fc.nat(7), segmentArb).map(([i, seg]): Mutation => (s) => [...s.slice(0, i % (s.length + 1)), seg, ...s.slice(i % (s.length + 1))]),
  fc.nat(7).map((i): Mutation => (s) => s.filter((_, j) => j !== i % s.length)),
  fc.nat(7).map((i): Mutation => (s) => s.map((x, j) => (j === i % s.length ? x.toUpperCase() : x))),
);
/** A real topic with zero, one or two segments changed, inserted or removed. */
const nearArb = fc
  .tuple(fc.constantFrom(...realTopics), fc.array(mutationArb, { maxLength: 2 }))
  .map(([topic, mutations]) => mutations.reduce((segments, m) => m(segments), topic.split('/')).join('/'));

/** Valid-looking, near-valid and junk topics and filters. */
export const topicArb = fc.oneof(
  { arbitrary: nearArb, weight: 6 },
  { arbitrary: fc.array(segmentArb, { minLength: 1, maxLength: 8 }).map((s) => s.join('/')), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);
