// What the simulator observed of one device, for the live summary and the final report: connects, plays (first
// frames), the playback logs it reported, its errors and the faults it suffered. Bounded, so a long run of thousands
// of devices stays within a fixed amount of memory.
import type { AgentEvent, AgentStatus, Enrolment } from '@tinnguon/edge-agent';
import type { DeviceKind, PlaybackLog } from '@tinnguon/protocol';

const MAX_PLAYS = 32;

export interface PlayRecord {
  readonly bulletinId: string;
  readonly priority: string;
  /** First frame (loudspeaker) or first slide (LED board), device clock ms. */
  readonly at: number;
  /** The emergency's attention tone (design.md §5), under its bulletin's id: a prelude, not a play of the bulletin. */
  readonly attentionTone?: true;
  /** Monotonic ms from the last urgent emergency reaching the agent to this first frame (the agent's own part). */
  readonly afterMessageMs?: number;
}

export interface LogRecord {
  readonly seq: number;
  readonly at: number;
  readonly event: PlaybackLog['event'];
  readonly bulletinId?: string;
  readonly reason?: string;
}

/** Small and flat: sent every second by every worker for every device it runs. */
export interface DeviceSnapshot {
  readonly index: number;
  readonly started: boolean;
  readonly online: boolean;
  readonly trusted: boolean;
  readonly manifest: boolean;
  readonly playing: boolean;
  readonly queued: number;
  readonly downloading: boolean;
  /** The cache holds at least one file and misses none: false before the first reconcile has finished. */
  readonly cached: boolean;
  readonly pendingLogs: number;
  readonly plays: number;
  readonly logsSent: number;
  readonly errors: number;
  readonly lastLog?: LogRecord;
  readonly lastLogAt?: number;
  readonly lastError?: string;
}

export interface DeviceReport {
  readonly index: number;
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly area: string;
  readonly connects: number;
  readonly reboots: number;
  readonly online: boolean;
  readonly clockTrusted: boolean;
  readonly clockOffsetMs: number | null;
  readonly manifestVersion: number | null;
  readonly pendingLogs: number;
  /** Every log this device has ever journaled has a seq below this (the journal's own counter, kept across restarts). */
  readonly journalNextSeq: number | null;
  readonly logsSent: number;
  readonly highestSeqSent: number;
  readonly plays: readonly PlayRecord[];
  readonly recentLogs: readonly LogRecord[];
  readonly errors: number;
  readonly lastError?: string;
  readonly faults: Readonly<Record<string, number>>;
}

export class DeviceRecord {
  #connects = 0;
  #reboots = 0;
  #errors = 0;
  #lastError: string | undefined;
  #plays: PlayRecord[] = [];
  #playCount = 0;
  #logsSent = 0;
  #highestSeq = 0;
  #logs: LogRecord[] = [];
  #lastLogAt: number | undefined;
  #urgentMono: number | undefined;
  readonly #faults: Record<string, number> = {};

  constructor(
    readonly index: number,
    readonly enrolment: Pick<Enrolment, 'deviceId' | 'kind' | 'areaChain'>,
    readonly logHistory: number,
  ) {}

  connected(): void {
    this.#connects++;
  }

  rebooted(): void {
    this.#reboots++;
  }

  error(message: string): void {
    this.#errors++;
    this.#lastError = message.slice(0, 200);
  }

  fault(kind: string): void {
    this.#faults[kind] = (this.#faults[kind] ?? 0) + 1;
  }

  event(event: AgentEvent): void {
    if (event.type === 'urgent' && event.name === 'emergency') this.#urgentMono = event.mono;
    if (event.type !== 'firstFrame') return;
    const tone = event.kind === 'attentionTone';
    if (!tone) this.#playCount++;
    const urgent = event.priority === 'emergency' ? this.#urgentMono : undefined;
    this.#plays.push({
      bulletinId: event.bulletinId, priority: event.priority, at: event.at,
      ...(tone ? { attentionTone: true as const } : {}),
      ...(urgent === undefined ? {} : { afterMessageMs: event.mono - urgent }),
    });
    if (this.#plays.length > MAX_PLAYS) this.#plays.shift();
  }

  logsSent(entries: readonly PlaybackLog[]): void {
    for (const e of entries) {
      // Resends of an unacknowledged batch carry the same seqs: count each log once.
      if (e.seq <= this.#highestSeq) continue;
      this.#highestSeq = e.seq;
      this.#logsSent++;
      this.#logs.push({ seq: e.seq, at: e.at, event: e.event, ...(e.bulletinId === undefined ? {} : { bulletinId: e.bulletinId }), ...(e.reason === undefined ? {} : { reason: e.reason }) });
      this.#lastLogAt = e.at;
    }
    if (this.#logs.length > this.logHistory) this.#logs.splice(0, this.#logs.length - Math.max(1, this.logHistory));
  }

  snapshot(status: AgentStatus | undefined): DeviceSnapshot {
    const lastLog = this.#logs[this.#logs.length - 1];
    return {
      index: this.index,
      started: status !== undefined,
      online: status?.connected ?? false,
      trusted: status?.clock.trusted ?? false,
      manifest: (status?.manifestVersion ?? null) !== null,
      playing: (status?.playing ?? null) !== null,
      queued: status?.queued ?? 0,
      downloading: (status?.cache.missing ?? 0) > 0,
      cached: status !== undefined && status.cache.files > 0 && status.cache.missing === 0,
      pendingLogs: status?.pendingLogs ?? 0,
      plays: this.#playCount,
      logsSent: this.#logsSent,
      errors: this.#errors,
      ...(lastLog === undefined ? {} : { lastLog }),
      ...(this.#lastLogAt === undefined ? {} : { lastLogAt: this.#lastLogAt }),
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  report(status: AgentStatus | undefined): DeviceReport {
    const { deviceId, kind, areaChain } = this.enrolment;
    return {
      index: this.index,
      deviceId,
      kind,
      area: areaChain[areaChain.length - 1] ?? '',
      connects: this.#connects,
      reboots: this.#reboots,
      online: status?.connected ?? false,
      clockTrusted: status?.clock.trusted ?? false,
      clockOffsetMs: status?.clock.offsetMs ?? null,
      manifestVersion: status?.manifestVersion ?? null,
      pendingLogs: status?.pendingLogs ?? 0,
      journalNextSeq: status?.journal.nextSeq ?? null,
      logsSent: this.#logsSent,
      highestSeqSent: this.#highestSeq,
      plays: [...this.#plays],
      recentLogs: [...this.#logs],
      errors: this.#errors,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
      faults: { ...this.#faults },
    };
  }
}
