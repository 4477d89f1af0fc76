// Who may connect, as a table: MQTT 3.1.1 CONNACK codes (table 3.1) for each way a CONNECT can be wrong.
import t from 'tap';
import { deviceTopic } from '@tinnguon/protocol';
import { CONNACK, decideConnect, precheckConnect, resolveBrokerLimits } from '../../../hub/src/broker/index.js';

const ID = 'loa-xa-dak-nia-01';
const CHAIN = ['67', '660', '24616'];
const pw = Buffer.from('s3cret-s3cret-s3cret');

t.test('precheck: refusals that need no credential lookup', async (t) => {
  const rows: [string, Parameters<typeof precheckConnect>[0], [number, string] | undefined][] = [
    ['no username', { clientId: ID, username: undefined, password: pw }, [CONNACK.notAuthorized, 'anonymous']],
    ['empty username', { clientId: ID, username: '', password: pw }, [CONNACK.notAuthorized, 'anonymous']],
    ['no password', { clientId: ID, username: ID, password: undefined }, [CONNACK.notAuthorized, 'anonymous']],
    ['huge username', { clientId: ID, username: 'x'.repeat(129), password: pw }, [CONNACK.badUsernameOrPassword, 'credentials-too-long']],
    ['huge password', { clientId: ID, username: ID, password: Buffer.alloc(513) }, [CONNACK.badUsernameOrPassword, 'credentials-too-long']],
    ['empty client id (server-assigned)', { clientId: '', username: ID, password: pw }, [CONNACK.identifierRejected, 'bad-client-id']],
    ['client id with a slash', { clientId: 'loa/01/x', username: ID, password: pw }, [CONNACK.identifierRejected, 'bad-client-id']],
    ['a plausible device', { clientId: ID, username: ID, password: pw }, undefined],
  ];
  for (const [name, request, expected] of rows) {
    const got = precheckConnect(request);
    t.same(got === undefined ? undefined : [got.returnCode, got.reason], expected, name);
  }
});

t.test('decision after the lookup', async (t) => {
  const identity = { deviceId: ID, areaChain: CHAIN };
  const status = deviceTopic('status', ID);
  const rows: [string, string, typeof identity | null, Parameters<typeof decideConnect>[2], [number, string] | 'allow'][] = [
    ['unknown, wrong or revoked credential', ID, null, undefined, [CONNACK.badUsernameOrPassword, 'bad-credentials']],
    ['valid credential, client id of another device', 'loa-xa-dak-nia-02', identity, undefined, [CONNACK.notAuthorized, 'client-id-mismatch']],
    ['will on another device status', ID, identity, { topic: deviceTopic('status', 'loa-xa-dak-nia-02') }, [CONNACK.notAuthorized, 'will-refused']],
    ['will on an urgent topic', ID, identity, { topic: 'tn/v1/area/67/urgent/stop' }, [CONNACK.notAuthorized, 'will-refused']],
    ['will too large', ID, identity, { topic: status, payloadBytes: 5000 }, [CONNACK.notAuthorized, 'will-refused']],
    ['registry returned a malformed device id', ID, { deviceId: 'a/b', areaChain: CHAIN }, undefined, [CONNACK.serverUnavailable, 'invalid-identity']],
    ['registry returned a malformed area', ID, { deviceId: ID, areaChain: ['67', '#'] }, undefined, [CONNACK.serverUnavailable, 'invalid-identity']],
    ['valid, no will', ID, identity, undefined, 'allow'],
    ['valid, retained will on own status', ID, identity, { topic: status, retain: true, qos: 1, payloadBytes: 60 }, 'allow'],
  ];
  for (const [name, clientId, id, will, expected] of rows) {
    const d = decideConnect(clientId, id, will);
    t.same(d.allow ? 'allow' : [d.returnCode, d.reason], expected, name);
  }
  const ok = decideConnect(ID, identity, undefined);
  t.same(ok.allow && ok.principal, { kind: 'device', deviceId: ID, areaChain: CHAIN }, 'the principal carries the chain');
});

t.test('broker limits: defaults, overrides and coded refusal of nonsense', async (t) => {
  t.equal(resolveBrokerLimits({ drainTimeoutMs: 500 }).drainTimeoutMs, 500);
  t.ok(Object.isFrozen(resolveBrokerLimits()));
  t.throws(() => resolveBrokerLimits({ drainTimeoutMs: 0, queueLimit: 1.5 }), {
    code: 'HUB_ERR_CONFIG_INVALID',
    message: /drainTimeoutMs=0, queueLimit=1\.5/,
  });
  t.throws(() => resolveBrokerLimits({ maxConnectBytes: 10, maxPacketBytes: 5 }), { code: 'HUB_ERR_CONFIG_INVALID' });
});
