// `tinnguon-sim tech`: one simulated device for a technician, enrolled in the chosen area (or reused from the state
// directory), run in its own worker process with the fault proxy in its path, and a prompt to look inside it.
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { SimError } from '../errors.js';
import { enrolFleet } from '../enrol/enrol-fleet.js';
import { leafAreas, planFleet } from '../enrol/fleet-plan.js';
import { HubClient } from '../enrol/hub-client.js';
import { offsetToLocalTime } from '../faults/sim-clock.js';
import { FleetRunner } from '../fleet/fleet-runner.js';
import { TECH_HELP } from '../tech/tech-commands.js';
import { TechSession } from '../tech/tech-session.js';
import { clockParts, type TechArgs } from './cli-args.js';
import { defaultStateRoot, readToken } from './cli-inputs.js';

export interface TechIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

export async function runTech(args: TechArgs, io: TechIo): Promise<void> {
  const print = (lines: readonly string[]): void => void io.output.write(`${lines.join('\n')}\n`);
  const client = new HubClient({ hubUrl: args.hubUrl, token: await readToken(args) });
  const all = await client.areas();
  const area = args.area === undefined ? leafAreas(all)[0] : all.find((a) => a.code === args.area);
  if (area === undefined) throw new SimError('SIM_ERR_USAGE', `--area: máy chủ không có địa bàn / the hub has no area ${args.area ?? ''}`);
  const stateRoot = args.stateDir ?? `${defaultStateRoot(args.hubUrl, 'tech')}-${area.code}-${args.kind}`;
  await mkdir(stateRoot, { recursive: true });
  print([`Đăng ký thiết bị mô phỏng tại / enrolling a simulated device in ${area.name} (${area.code})…`]);
  const enrolled = await enrolFleet({ client, hubUrl: args.hubUrl, stateRoot, plan: planFleet(1, args.kind, [area]), verify: true });
  const runner = new FleetRunner({
    devices: enrolled.devices,
    workers: 1,
    host: {
      hubUrl: args.hubUrl, ...(args.mqttUrl === undefined ? {} : { mqttUrl: args.mqttUrl }), proxy: true,
      clockOffsetMs: args.clockAt === undefined ? 0 : offsetToLocalTime(...clockParts(args.clockAt), Date.now()),
      trustWallClock: args.clockAt !== undefined, realtime: true, rampPerSec: 1, seed: 1, countsEveryMs: 1000, logHistory: 20,
    },
    onNotice: (line) => print([`  (${line})`]),
  });
  await runner.start();
  const session = new TechSession({ runner, index: 0, print });
  print([`Thiết bị / device ${enrolled.reused > 0 ? 'dùng lại / reused' : 'mới / new'}, trạng thái lưu tại / state in ${stateRoot}`, TECH_HELP]);
  const rl = createInterface({ input: io.input, output: io.output, prompt: 'tech> ' });
  try {
    rl.prompt();
    for await (const line of rl) {
      if (!(await session.line(line))) break;
      rl.prompt();
    }
  } finally {
    rl.close();
    session.close();
    await runner.stop();
  }
}
