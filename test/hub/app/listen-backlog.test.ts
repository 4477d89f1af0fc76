// The hub's ports hold as many completed handshakes as its `listenBacklog` says (Node's own 511 overflowed when
// 10,000 devices came back after a restart, and TCP resends a dropped handshake only after 1, 3, 7, 15 s). The
// kernel's answer, not ours: `ss` reports a listening socket's backlog as its Send-Q.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { resolveConfig } from '../../../hub/src/config/config.js';
import { startTestHub } from '../../helpers/hub-instance.js';

/** Send-Q of the listening TCP socket on 127.0.0.1:port: its accept backlog. */
function listenBacklog(port: number): number {
  const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
  const [, , sendQ] = line.split(/\s+/);
  return Number(sendQ);
}

t.test('both ports listen with the configured backlog', async (t) => {
  const h = await startTestHub({}, { listenBacklog: 77 });
  t.teardown(h.stop);
  t.equal(listenBacklog(Number(new URL(h.mqttUrl).port)), 77, 'MQTT');
  t.equal(listenBacklog(Number(new URL(h.httpUrl).port)), 77, 'HTTP');
});

t.test('the default is 4096, and a nonsense value is a coded configuration error', async (t) => {
  t.equal(resolveConfig({}, {}).listenBacklog, 4096);
  t.equal(resolveConfig({}, { TINNGUON_LISTEN_BACKLOG: '1024' }).listenBacklog, 1024);
  t.throws(() => resolveConfig({ listenBacklog: 0 }, {}), { code: 'HUB_ERR_CONFIG_INVALID' });
});
