// The live terminal summary of a fleet run: pure rendering (renderSummary) and a thin printer that redraws in place on
// a terminal and prints one line now and then when the output is a file or a pipe.
import type { EnrolProgress } from '../enrol/enrol-fleet.js';
import type { FleetCounts } from '../fleet/fleet-counts.js';
import type { RoleUsage } from '../fleet/resource-monitor.js';

export interface SummaryView {
  readonly phase: 'enrolling' | 'starting' | 'running' | 'stopping';
  readonly elapsedMs: number;
  readonly enrol?: EnrolProgress;
  readonly counts: FleetCounts;
  readonly faults: { readonly done: number; readonly planned: number };
  readonly notices: readonly string[];
  readonly resources: readonly RoleUsage[];
}

const PHASE: Record<SummaryView['phase'], string> = {
  enrolling: 'đang đăng ký / enrolling',
  starting: 'đang khởi động / starting',
  running: 'đang chạy / running',
  stopping: 'đang dừng / stopping',
};

export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

function lastLog(c: FleetCounts): string {
  const l = c.lastLog;
  if (l === undefined) return '—';
  const what = [l.log.event, l.log.bulletinId, l.log.reason].filter((s) => s !== undefined).join(' ');
  return `${l.deviceId} #${l.log.seq} ${what} (${new Date(l.at).toISOString().slice(11, 19)}Z)`;
}

export function renderSummary(v: SummaryView): string[] {
  const c = v.counts;
  const lines = [`TinNguon mô phỏng / simulator — ${PHASE[v.phase]} ${clock(v.elapsedMs)}`];
  if (v.enrol !== undefined) {
    const done = v.enrol.reused + v.enrol.enrolled + v.enrol.failed;
    lines.push(`Đăng ký / enrolment: ${done}/${v.enrol.total} (mới / new ${v.enrol.enrolled}, dùng lại / reused ${v.enrol.reused}, lỗi / failed ${v.enrol.failed})`);
  }
  lines.push(
    `Thiết bị / devices ${c.devices} · khởi động / started ${c.started} · trực tuyến / online ${c.online} · đồng hồ tin cậy / clock trusted ${c.trusted} · có lịch / manifest ${c.manifest}`,
    `Đang phát / playing ${c.playing} · chờ phát / queued ${c.queued} · đang tải / downloading ${c.downloading} · đã phát / plays ${c.plays} · nhật ký đã gửi / logs sent ${c.logsSent} · chờ gửi / pending ${c.pendingLogs} · lỗi / errors ${c.errors}`,
    `Nhật ký cuối / last log: ${lastLog(c)}`,
  );
  if (c.lastError !== undefined) lines.push(`Lỗi cuối / last error: ${c.lastError.deviceId}: ${c.lastError.message}`.slice(0, 200));
  if (v.faults.planned > 0) lines.push(`Gây lỗi / faults: ${v.faults.done}/${v.faults.planned}`);
  if (v.resources.length > 0) {
    lines.push(`Tài nguyên / resources: ${v.resources.map((r) => `${r.role} ${r.cpuCores.toFixed(2)} CPU ${Math.round(r.rssMiB)} MiB`).join(' · ')}`);
  }
  for (const n of v.notices.slice(-3)) lines.push(`  ${n}`);
  return lines;
}

/** One line for logs and pipes. */
export function summaryLine(v: SummaryView): string {
  const c = v.counts;
  const e = v.enrol;
  const enrol = e === undefined ? '' : ` enrolled=${e.reused + e.enrolled}/${e.total}${e.failed > 0 ? ` failed=${e.failed}` : ''}`;
  return `[${clock(v.elapsedMs)}] ${v.phase}${enrol} devices=${c.devices} online=${c.online} playing=${c.playing} queued=${c.queued} downloading=${c.downloading} plays=${c.plays} logs=${c.logsSent} pending=${c.pendingLogs} errors=${c.errors}${c.lastError === undefined ? '' : ` last-error="${c.lastError.message.slice(0, 120)}"`}`;
}

export interface SummaryOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class SummaryPrinter {
  readonly #out: SummaryOutput;
  readonly #lineEveryMs: number;
  readonly #quiet: boolean;
  #drawn = 0;
  #lastLineAt = Number.NEGATIVE_INFINITY;

  /** `quiet`: nothing until the end (the caller prints the totals). */
  constructor(out: SummaryOutput, options: { readonly lineEveryMs?: number; readonly quiet?: boolean } = {}) {
    this.#out = out;
    this.#lineEveryMs = options.lineEveryMs ?? 10_000;
    this.#quiet = options.quiet ?? false;
  }

  show(view: SummaryView, force = false): void {
    if (this.#quiet) return;
    if (this.#out.isTTY === true) {
      const lines = renderSummary(view);
      const up = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : '';
      this.#out.write(`${up}\x1b[J${lines.join('\n')}\n`);
      this.#drawn = lines.length;
      return;
    }
    const now = performance.now();
    if (!force && now - this.#lastLineAt < this.#lineEveryMs) return;
    this.#lastLineAt = now;
    this.#out.write(`${summaryLine(view)}\n`);
  }
}
