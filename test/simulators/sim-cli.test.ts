// `npm run sim -- fleet …` as an operator runs it: the CLI in its own process (from source, through tap's TypeScript
// loader) against a real hub, with the JSON report at the end; run again, the same devices come back.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { FleetReport } from '../../simulators/src/fleet/fleet-report.js';
import { startTestHub } from '../helpers/hub-instance.js';

const CLI = fileURLToPath(new URL('../../simulators/src/cli.ts', import.meta.url));

function sim(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

t.test('fleet: enrol, run, fault, report; a second run reuses the devices', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const dir = t.testdir();
  const base = ['fleet', '--hub', h.httpUrl, '--mqtt', h.mqttUrl, '--token-file', join(h.hub.deps.config.dataDir, 'admin-token'), '--devices', '3', '--areas', '24628,24611', '--state', join(dir, 'state'), '--no-realtime'];
  const first = await sim([...base, '--duration', '4', '--report', join(dir, 'first.json')]);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, 'Kết thúc / done: 3 thiết bị / devices');
  const report = JSON.parse(await readFile(join(dir, 'first.json'), 'utf8')) as FleetReport;
  t.match(report, { tool: 'tinnguon-sim', fleet: { devices: 3, workers: 1, kind: 'mixed', areas: ['24628', '24611'] }, enrol: { enrolled: 3, reused: 0 } });
  t.equal(report.devices.length, 3, 'one entry per device');
  t.same(report.devices.map((d) => d.kind), ['loudspeaker', 'loudspeaker', 'led'], 'mixed: an LED board for every two clusters');
  t.same(report.devices.map((d) => d.area), ['24628', '24611', '24628'], 'round-robin over the chosen areas');
  t.ok(report.devices.every((d) => d.online && d.manifestVersion !== null), 'every device was online with its manifest');
  t.ok(report.resources.some((r) => r.role === 'worker 0' && r.peakRssMiB > 0), 'the worker process was measured');
  const rows = await h.hub.deps.db.all<{ id: string; online: number }>('SELECT id, online FROM devices ORDER BY id');
  t.equal(rows.length, 3, 'three devices at the hub');

  // Quick reconnects (an --agent-config file), so the devices are back well within the run.
  await writeFile(join(dir, 'agent.json'), JSON.stringify({ link: { backoffBaseMs: 200, backoffMaxMs: 1000 } }));
  const second = await sim([...base, '--quiet', '--duration', '8', '--faults', 'drop@1s,for=1s,devices=all', '--agent-config', join(dir, 'agent.json'), '--report', join(dir, 'second.json')]);
  t.equal(second.code, 0, second.stderr);
  const again = JSON.parse(await readFile(join(dir, 'second.json'), 'utf8')) as FleetReport;
  t.match(again.enrol, { enrolled: 0, reused: 3 }, 'the same three devices');
  t.same(again.devices.map((d) => d.deviceId).sort(), rows.map((r) => r.id), 'with the same identities');
  t.match(again.faults, { spec: ['drop@1s,for=1s,devices=all'], actionsPlanned: 2, actionsDone: 2 });
  t.ok(again.devices.every((d) => d.faults.drop === 1), 'every device lost its link once');
  t.ok(again.devices.every((d) => d.connects >= 2), 'and came back');
  t.equal((await h.hub.deps.db.all('SELECT id FROM devices')).length, 3, 'no new device at the hub');
});

t.test('mistakes are refused with a code, before anything is enrolled', async (t) => {
  const usage = await sim(['fleet', '--hub', 'http://127.0.0.1:9', '--devices', 'many']);
  t.equal(usage.code, 2, 'exit 2 for a usage error');
  t.match(usage.stderr, '[SIM_ERR_USAGE]');
  t.match(usage.stderr, 'Cách dùng / Usage:');
  const h = await startTestHub();
  t.teardown(h.stop);
  const denied = await sim(['fleet', '--hub', h.httpUrl, '--token', 'tn_admin_wrong', '--devices', '1', '--state', t.testdir()]);
  t.equal(denied.code, 1);
  t.match(denied.stderr, /\[SIM_ERR_HUB_REFUSED\].*HTTP 401/);
  const faults = await sim(['fleet', '--hub', h.httpUrl, '--token', 'x', '--devices', '1', '--faults', 'meteor@1s']);
  t.match(faults.stderr, '[SIM_ERR_FAULT_SPEC]');
  const help = await sim(['help']);
  t.equal(help.code, 0);
  t.match(help.stdout, 'tinnguon-sim fleet');
});
