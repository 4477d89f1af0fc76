// The technician's prompt: one command per line, carried out on the device's worker through the fleet runner (so a
// `kill` is a real SIGKILL of the device's process, and the device comes back from its own state directory).
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeError, SimError } from '../errors.js';
import type { FaultAction } from '../faults/fault-plan.js';
import type { FleetRunner } from '../fleet/fleet-runner.js';
import { formatLogs, formatNow, formatStatus } from './format-inspection.js';
import { parseTechCommand, TECH_HELP, type TechCommand } from './tech-commands.js';

export interface TechSessionOptions {
  readonly runner: Pick<FleetRunner, 'inspect' | 'resync' | 'apply'>;
  readonly index: number;
  readonly print: (lines: readonly string[]) => void;
  readonly writeFile?: (path: string, data: Buffer) => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
}

const HEALS = new Set(['drop', 'freeze', 'latency', 'fill-disk']);

export class TechSession {
  readonly #o: TechSessionOptions;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: TechSessionOptions) {
    this.#o = options;
  }

  /** Runs one typed line; resolves false when the technician quits. Errors are printed, never thrown. */
  async line(text: string): Promise<boolean> {
    try {
      const command = parseTechCommand(text);
      if (command.cmd === 'quit') return false;
      this.#o.print(await this.#run(command));
    } catch (err) {
      this.#o.print([describeError(err)]);
    }
    return true;
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  async #run(c: TechCommand): Promise<string[]> {
    const { runner, index } = this.#o;
    switch (c.cmd) {
      case 'help':
        return [TECH_HELP];
      case 'now':
        return formatNow(await runner.inspect(index));
      case 'status':
        return formatStatus(await runner.inspect(index));
      case 'logs':
        return formatLogs(await runner.inspect(index));
      case 'sync':
        return [`Đồng bộ / synced: ${String(await runner.resync(index))}`];
      case 'png': {
        const inspection = await runner.inspect(index);
        if (inspection.ledPng === undefined) throw new SimError('SIM_ERR_NO_FRAME', inspection.report.kind === 'led' ? undefined : 'cụm loa không có màn hình / a loudspeaker has no display');
        const file = resolve(c.file ?? `now-showing-${inspection.report.deviceId}.png`);
        await (this.#o.writeFile ?? writeFile)(file, Buffer.from(inspection.ledPng, 'base64'));
        return [`Đã lưu / saved ${file}`];
      }
      case 'kill': {
        await runner.apply({ atMs: 0, op: 'kill', worker: 0 });
        await (this.#o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(c.downMs);
        await runner.apply({ atMs: 0, op: 'restart', worker: 0 });
        return [`Đã cắt điện ${c.downMs} ms và bật lại / power cut for ${c.downMs} ms, back on`];
      }
      case 'heal':
        await runner.apply({ atMs: 0, op: 'heal', kind: c.kind, devices: [index] });
        return [`Đã gỡ / cleared ${c.kind}`];
      case 'fault': {
        const begin: FaultAction = { atMs: 0, op: 'begin', kind: c.kind, devices: [index], byMs: c.byMs, overMs: c.kind === 'skew' ? c.forMs : 0 };
        await runner.apply(begin);
        if (HEALS.has(c.kind) && c.forMs > 0) {
          const timer = setTimeout(() => {
            this.#timers.delete(timer);
            void runner.apply({ atMs: 0, op: 'heal', kind: c.kind, devices: [index] }).then(() => this.#o.print([`(tự gỡ / healed ${c.kind})`]));
          }, c.forMs);
          this.#timers.add(timer);
        }
        return [`Đang gây lỗi / fault on: ${c.kind}${c.forMs > 0 && HEALS.has(c.kind) ? ` trong / for ${c.forMs} ms` : HEALS.has(c.kind) ? ' (gõ / type: heal ' + c.kind + ')' : ''}`];
      }
      case 'quit':
        return [];
    }
  }
}
