// The command line: every mistake refused at once with SIM_ERR_USAGE, before anything touches a disk or a network.
import t from 'tap';
import { parseSimArgs } from '../../simulators/src/cli/cli-args.js';
import { isSimError } from '../../simulators/src/errors.js';

const fleet = (...more: string[]) => parseSimArgs(['fleet', '--hub', 'http://hub:8080', '--token', 'tn_admin_x', '--devices', '200', ...more]);

t.test('fleet: defaults and every option', async (t) => {
  t.match(fleet(), { command: 'fleet', hubUrl: 'http://hub:8080', token: 'tn_admin_x', devices: 200, kind: 'mixed', faults: [], rampPerSec: 100, realtime: true, seed: 1, proxy: false, enrolConcurrency: 16, quiet: false });
  t.notOk('workers' in fleet(), 'workers chosen later, from the fleet and the machine');
  t.match(
    fleet('--kind', 'led', '--areas', '24611, 24628', '--workers', '4', '--faults', 'drop@1s', '--faults', '@f.json', '--duration', '90', '--report', 'r.json', '--state', '/s',
      '--ramp', '50', '--no-realtime', '--clock-at', '16:59:30', '--seed', '9', '--hub-pid', '123', '--proxy', '--quiet', '--mqtt', 'mqtt://hub:1883', '--agent-config', 'a.json'),
    {
      kind: 'led', areas: ['24611', '24628'], workers: 4, faults: ['drop@1s', '@f.json'], durationMs: 90_000, reportFile: 'r.json', stateDir: '/s', rampPerSec: 50, realtime: false,
      clockAt: '16:59:30', seed: 9, hubPid: 123, proxy: true, quiet: true, mqttUrl: 'mqtt://hub:1883', agentConfigFile: 'a.json',
    },
  );
  t.equal((fleet('--duration', '5m') as { durationMs: number }).durationMs, 300_000);
  t.match(parseSimArgs(['fleet', '--hub', 'https://hub', '--token-file', '/data/admin-token', '--devices', '1']), { tokenFile: '/data/admin-token' });
});

t.test('every problem is listed at once', async (t) => {
  try {
    parseSimArgs(['fleet', '--hub', 'ftp://x', '--devices', '0', '--kind', 'siren', '--clock-at', '25:00', '--duration', 'soon', '--areas', ',']);
    t.fail('refused');
  } catch (err) {
    t.ok(isSimError(err, 'SIM_ERR_USAGE'));
    for (const part of ['--hub ftp://x', '--devices 0', '--kind siren', '--clock-at 25:00', '--duration soon', '--areas', '--token hoặc --token-file']) t.match((err as Error).message, part);
  }
  t.throws(() => fleet('--token-file', 'f'), { code: 'SIM_ERR_USAGE', message: /chỉ dùng một/ }, 'a token and a token file');
  t.throws(() => parseSimArgs(['fleet', '--bogus']), { code: 'SIM_ERR_USAGE' }, 'an unknown option');
  t.throws(() => parseSimArgs(['launch']), { code: 'SIM_ERR_USAGE', message: /launch/ });
});

t.test('tech, demo and help', async (t) => {
  t.same(parseSimArgs([]), { command: 'help' });
  t.same(parseSimArgs(['--help']), { command: 'help' });
  t.match(parseSimArgs(['tech', '--hub', 'http://hub', '--token', 'x', '--area', '24628', '--kind', 'led', '--clock-at', '17:00']), { command: 'tech', area: '24628', kind: 'led', clockAt: '17:00' });
  t.match(parseSimArgs(['tech', '--hub', 'http://hub', '--token', 'x']), { kind: 'loudspeaker' });
  t.throws(() => parseSimArgs(['tech', '--hub', 'http://hub', '--token', 'x', '--kind', 'mixed']), { code: 'SIM_ERR_USAGE' }, 'technician mode is one device of one kind');
  t.same(parseSimArgs(['demo', '--hub', 'http://127.0.0.1:8080', '--data-dir', './data']), { command: 'demo', hubUrl: 'http://127.0.0.1:8080', dataDir: './data', devices: 6 });
  t.throws(() => parseSimArgs(['demo', '--hub', 'http://h']), { code: 'SIM_ERR_USAGE', message: /--data-dir/ });
});
