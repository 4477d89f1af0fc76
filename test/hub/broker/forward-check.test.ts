// The per-copy ACL (authorizeForward) remembers what it parsed of a topic, but its answer must stay canSubscribe's:
// a copy reaches a device only if the device could have subscribed to that exact topic, whatever was asked before.
import t from 'tap';
import fc from 'fast-check';
import { areaTopic, deviceTopic } from '@tinnguon/protocol';
import { canSubscribe, type DevicePrincipal } from '../../../hub/src/broker/index.js';
import { ForwardCheck } from '../../../hub/src/broker/forward-check.js';
import { FOREIGN_AREA, ME, OTHER, topicArb } from './topic-arbitraries.js';

const NEIGHBOUR: DevicePrincipal = { kind: 'device', deviceId: OTHER, areaChain: ['67', '660', FOREIGN_AREA] };
const ELSEWHERE: DevicePrincipal = { kind: 'device', deviceId: 'bang-660-aa01', areaChain: ['66', '620'] };

t.test('table: the same topic asked for many devices in turn', async (t) => {
  const check = new ForwardCheck();
  const rows: [string, DevicePrincipal, string, string | true][] = [
    ['province STOP to a device of the province', ME, areaTopic('stop', '67'), true],
    ['the same STOP to its neighbour', NEIGHBOUR, areaTopic('stop', '67'), true],
    ['the same STOP to a device of another province', ELSEWHERE, areaTopic('stop', '67'), 'foreign-area'],
    ['commune emergency to its device', ME, areaTopic('emergency', '24616'), true],
    ['the same emergency to the next commune', NEIGHBOUR, areaTopic('emergency', '24616'), 'foreign-area'],
    ['a command to its device', ME, deviceTopic('command', ME.deviceId), true],
    ['the same command to another device', NEIGHBOUR, deviceTopic('command', ME.deviceId), 'foreign-device'],
    ['an up-topic', ME, deviceTopic('status', ME.deviceId), 'wrong-direction'],
    ['$SYS', ME, '$SYS/broker/heartbeat', 'sys-topic'],
  ];
  for (const [name, principal, topic, expected] of rows) {
    for (const round of ['first', 'remembered']) {
      const d = check.decide(principal, topic);
      if (expected === true) t.same(d, { allow: true }, `${name} (${round})`);
      else t.same(d, { allow: false, reason: expected }, `${name} (${round})`);
    }
  }
});

t.test('property: the same answer as canSubscribe, for any sequence of devices and topics', async (t) => {
  const principalArb = fc.constantFrom(ME, NEIGHBOUR, ELSEWHERE);
  // A tiny memory, so that it is refilled and started afresh many times within one sequence.
  let allowed = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(principalArb, topicArb), { minLength: 1, maxLength: 40 }), (asks) => {
      const check = new ForwardCheck(4);
      return asks.every(([principal, topic]) => {
        const d = check.decide(principal, topic);
        if (d.allow) allowed += 1;
        return JSON.stringify(d) === JSON.stringify(canSubscribe(principal, topic));
      });
    }),
    { numRuns: 3000 },
  );
  t.ok(allowed > 0, `${allowed} generated copies were allowed`);
});
