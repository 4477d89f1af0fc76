// The demo fleet `npm start` runs beside the hub: it enrols itself with the admin token from the hub's data
// directory, keeps its devices in DATA_DIR/demo-fleet, tells a newcomer what happens, and comes back as the same
// devices after a restart. TINNGUON_DEMO_FLEET=0 turns it off.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { resolveConfig } from '../../hub/src/config/config.js';
import { runDemo } from '../../simulators/src/cli/run-demo.js';
import { startTestHub } from '../helpers/hub-instance.js';
import { hubLogs, publishBulletin, waitFor } from './sim-harness.js';

t.test('the hub’s setting: six devices by default, none with TINNGUON_DEMO_FLEET=0', async (t) => {
  t.equal(resolveConfig({}, {}).demoFleet, 6);
  t.equal(resolveConfig({}, { TINNGUON_DEMO_FLEET: '0' }).demoFleet, 0);
  t.throws(() => resolveConfig({}, { TINNGUON_DEMO_FLEET: 'lots' }), { code: 'HUB_ERR_CONFIG_INVALID' });
});

t.test('devices come online, play what an official publishes, and are the same devices after a restart', async (t) => {
  const h = await startTestHub();
  t.teardown(h.stop);
  const dataDir = h.hub.deps.config.dataDir;
  const run = async (untilOnline: (lines: string[]) => Promise<void>): Promise<string[]> => {
    const lines: string[] = [];
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => (stop = r));
    const demo = runDemo({ command: 'demo', hubUrl: h.httpUrl, mqttUrl: h.mqttUrl, dataDir, devices: 3 }, { print: (l) => lines.push(l), stopped });
    await Promise.race([untilOnline(lines).finally(stop), demo]);
    await demo;
    return lines;
  };
  const first = await run(async (lines) => {
    await waitFor('all three online', () => lines.some((l) => l.includes('3/3 thiết bị trực tuyến / devices online')), 60_000);
    const id = await publishBulletin(h, {
      title: 'Thông báo thử', priority: 'emergency', originArea: '67', targetAreas: ['67'],
      content: { kind: 'tts', text: 'Thông báo thử.' }, schedule: { type: 'now' }, validUntil: Date.now() + 600_000,
    });
    await waitFor('every device’s play at the hub', async () => (await hubLogs(h)).filter((r) => r.bulletin_id === id && r.event === 'played').length === 3, 60_000);
    await waitFor('the newcomer told about it', () => lines.some((l) => l.includes('báo nhật ký / reported log')), 10_000);
  });
  t.match(first[0], '3 thiết bị (3 mới, 0 dùng lại)', 'enrolled with the admin token from the data directory');
  t.match(first.join('\n'), 'lượt phát mới / new plays');
  t.equal((await readdir(join(dataDir, 'demo-fleet', 'devices'))).length, 3, 'credentials kept in DATA_DIR/demo-fleet');
  const second = await run(async (lines) => {
    await waitFor('back online', () => lines.some((l) => l.includes('3/3')), 60_000);
  });
  t.match(second[0], '3 thiết bị (0 mới, 3 dùng lại)', 'a restart reuses them');
  t.equal((await h.hub.deps.devices.list()).length, 3, 'no new devices at the hub');
});
