// The hub's ports hold as many completed handshakes as its `listenBacklog` says (Node's own 511 overflowed when
// 10,000 devices came back after a restart, and TCP resends a dropped handshake only after 1, 3, 7, 15 s). The
// kernel's answer, not ours: `ss` reports a listening socket's backlog as its Send-Q.
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { resolveConfig } from '../../../hub/src/config/config.js';
import { backlogAdvice, parseSomaxconn, readSomaxconn } from '../../../hub/src/config/listen-backlog.js';
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

t.test('the default is 16,384, and a nonsense value is a coded configuration error', async (t) => {
  t.equal(resolveConfig({}, {}).listenBacklog, 16_384);
  t.equal(resolveConfig({}, { TINNGUON_LISTEN_BACKLOG: '1024' }).listenBacklog, 1024);
  t.throws(() => resolveConfig({ listenBacklog: 0 }, {}), { code: 'HUB_ERR_CONFIG_INVALID' });
});

t.test('the operator is told when the fleet outgrows what the kernel holds, and how to raise it', async (t) => {
  t.equal(parseSomaxconn('4096\n'), 4096);
  t.equal(parseSomaxconn(''), undefined, 'no /proc (another OS): no advice rather than a wrong one');
  t.equal(parseSomaxconn('lots'), undefined);
  t.equal(await readSomaxconn(), Number(execFileSync('sysctl', ['-n', 'net.core.somaxconn'], { encoding: 'utf8' })), 'the kernel’s own figure');
  t.equal(backlogAdvice(16_384, 4096, 6), undefined, 'the demo fleet fits');
  t.equal(backlogAdvice(16_384, 16_384, 10_000), undefined, 'raised as scripts/setup does');
  t.equal(backlogAdvice(16_384, undefined, 50_000), undefined);
  t.match(backlogAdvice(16_384, 4096, 10_000), /Hệ điều hành chỉ giữ 4096 kết nối chờ cho 10000 thiết bị.*The kernel holds 4096.*sysctl -w net\.core\.somaxconn=16384/);
  t.match(backlogAdvice(2048, 16_384, 10_000), /holds 2048 .*TINNGUON_LISTEN_BACKLOG=10000/, 'the configured backlog is the bound');
});
