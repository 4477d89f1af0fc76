// Turns the manifest into plays at absolute hub times (design.md §11, synchronised start). The programme is the
// shared pure function; this executor keeps one timer for the next due slot, offers each slot to the playback
// executor when it is due (late: at its offset), logs what cannot play as missed, and never offers a slot twice —
// in this process (a set) or across restarts (the slot ledger). An untrusted clock plays no dated content.
import { contentSuitsDevice, type Bulletin, type DeviceKind, type Manifest } from '@tinnguon/protocol';
import type { NewPlaybackLog } from '../journal/new-playback-log.js';
import { ledLoopItem, type AgentItem, type LedLoopSpan } from './agent-item.js';
import type { AgentTimers } from './agent-timers.js';
import { planSlot } from './plan-slot.js';
import { programmeInputOf, type BuildProgramme, type ProgrammeSlotLike, type ProgrammeWarningLike } from './programme-port.js';
import { slotKey } from './slot-ledger.js';

export interface SchedulerOptions {
  readonly clock: { now(): number; readonly trusted: boolean };
  readonly timers: AgentTimers;
  readonly build: BuildProgramme;
  readonly offer: (item: AgentItem) => void;
  readonly ledger: { has(key: string): boolean; append(entry: NewPlaybackLog): Promise<unknown> };
  readonly kind: DeviceKind;
  readonly lookbackMs: number;
  readonly horizonMs: number;
  readonly onError: (err: unknown, context: string) => void;
  /** Longest sleep between checks, so a slow drift or a clock that is finally trusted is noticed. Default 60 s. */
  readonly maxSleepMs?: number;
}

export interface ScheduledSlot {
  readonly slot: ProgrammeSlotLike;
  readonly bulletin: Bulletin;
}

const REPLAN_EVERY_MS = 3600_000;

export class Scheduler {
  readonly #o: SchedulerOptions;
  #manifest: Manifest | undefined;
  readonly #recalled = new Set<string>();
  #slots: ScheduledSlot[] = [];
  #warnings: readonly ProgrammeWarningLike[] = [];
  #plannedAt = Number.NEGATIVE_INFINITY;
  /** Slots (and LED loops) offered or logged by this process. */
  readonly #handled = new Set<string>();
  #timer: unknown;
  #running = false;

  constructor(options: SchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    this.#running = true;
    this.replan();
  }

  stop(): void {
    this.#running = false;
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  setManifest(manifest: Manifest): void {
    this.#manifest = manifest;
    this.replan();
  }

  /** A recall by the urgent path, before the manifest catches up (design.md: recall is signed and urgent). */
  recall(bulletinId: string): void {
    this.#recalled.add(bulletinId);
    this.replan();
  }

  get recalled(): ReadonlySet<string> {
    return this.#recalled;
  }

  /** The programme as last computed (for the cache's needs and for status). */
  slots(): readonly ScheduledSlot[] {
    return this.#slots;
  }

  warnings(): readonly ProgrammeWarningLike[] {
    return this.#warnings;
  }

  /** Recomputes the programme and acts on what is due. Call after a manifest, a recall, trust gained, a clock jump. */
  replan(): void {
    const now = this.#o.clock.now();
    this.#plannedAt = now;
    const m = this.#manifest;
    if (m === undefined) {
      this.#slots = [];
    } else {
      try {
        const input = programmeInputOf(m, this.#recalled);
        const programme = this.#o.build(input, now - this.#o.lookbackMs, now + this.#o.horizonMs);
        const byId = new Map(m.bulletins.map((b) => [b.bulletinId, b]));
        this.#slots = programme.slots.flatMap((slot) => {
          const bulletin = byId.get(slot.bulletinId);
          return bulletin === undefined || !contentSuitsDevice(bulletin.content.kind, this.#o.kind) ? [] : [{ slot, bulletin }];
        });
        this.#warnings = programme.warnings;
      } catch (err) {
        this.#o.onError(err, 'programme');
        this.#slots = [];
      }
    }
    // Forget what the programme no longer holds (past the look-back), so the set stays small for a long-running agent.
    const live = new Set(this.#slots.flatMap((s) => [slotKey(s.slot.bulletinId, s.slot.startAt), `loop:${s.slot.windowStart}`]));
    for (const key of this.#handled) if (!live.has(key)) this.#handled.delete(key);
    this.#tick();
  }

  /** LED loop: the bulletins in the window's loop at `now`, in loop order (the programme's order). */
  ledSlotsAt(span: LedLoopSpan, now: number): readonly ScheduledSlot[] {
    return this.#slots.filter((s) => s.slot.windowStart === span.windowStart && s.slot.startAt <= now && now < s.slot.endAt && !this.#recalled.has(s.slot.bulletinId));
  }

  /** LED loop: when the next bulletin joins the window's loop, if one will. */
  ledNextJoin(span: LedLoopSpan, now: number): number | undefined {
    const later = this.#slots.filter((s) => s.slot.windowStart === span.windowStart && s.slot.startAt > now).map((s) => s.slot.startAt);
    return later.length === 0 ? undefined : Math.min(...later);
  }

  /** The loop records which slots it showed, so they are not logged missed. */
  markShown(slot: ProgrammeSlotLike): void {
    this.#handled.add(slotKey(slot.bulletinId, slot.startAt));
  }

  #tick(): void {
    this.#o.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running) return;
    const now = this.#o.clock.now();
    if (now - this.#plannedAt >= REPLAN_EVERY_MS || now < this.#plannedAt) {
      this.replan();
      return;
    }
    let wake = now + (this.#o.maxSleepMs ?? 60_000);
    if (this.#o.clock.trusted) {
      for (const scheduled of this.#slots) {
        const next = this.#o.kind === 'led' ? this.#led(scheduled, now) : this.#audio(scheduled, now);
        if (next !== undefined) wake = Math.min(wake, next);
      }
    }
    this.#timer = this.#o.timers.setTimeout(() => this.#tick(), Math.max(0, wake - this.#o.clock.now()));
  }

  /** Returns when this slot next needs attention, if it does. */
  #audio({ slot, bulletin }: ScheduledSlot, now: number): number | undefined {
    const key = slotKey(slot.bulletinId, slot.startAt);
    if (this.#handled.has(key) || this.#o.ledger.has(key) || this.#recalled.has(slot.bulletinId)) return undefined;
    const action = planSlot(slot, now);
    if (action.action === 'wait') return action.until;
    this.#handled.add(key);
    if (action.action === 'missed') {
      this.#missed(slot, now, action.reason, action.detail);
      return undefined;
    }
    this.#o.offer({
      bulletinId: slot.bulletinId,
      revision: bulletin.revision,
      priority: slot.priority,
      mode: slot.mode,
      kind: 'bulletin',
      originDepth: slot.originDepth,
      slotAt: slot.startAt,
      repeat: slot.repeat,
      remaining: action.remaining,
      startOffsetMs: action.startOffsetMs,
      notAfter: action.notAfter,
      content: bulletin.content,
      durationMs: slot.durationMs > 0 ? slot.durationMs : undefined,
      title: bulletin.title,
    });
    return undefined;
  }

  #led({ slot }: ScheduledSlot, now: number): number | undefined {
    const key = slotKey(slot.bulletinId, slot.startAt);
    if (this.#o.ledger.has(key) || this.#recalled.has(slot.bulletinId)) return undefined;
    if (now < slot.startAt) return slot.startAt;
    if (now >= slot.endAt) {
      if (!this.#handled.has(key)) {
        this.#handled.add(key);
        this.#missed(slot, now, 'AGENT_ERR_SLOT_PASSED', 'Khung giờ hiển thị đã qua khi bảng chưa hiển thị được');
      }
      return undefined;
    }
    const loopKey = `loop:${slot.windowStart}`;
    if (!this.#handled.has(loopKey)) {
      this.#handled.add(loopKey);
      this.#o.offer(ledLoopItem({ windowStart: slot.windowStart, windowEnd: slot.windowEnd }));
    }
    return slot.endAt;
  }

  #missed(slot: ProgrammeSlotLike, now: number, reason: NewPlaybackLog['reason'], detail: string): void {
    const entry: NewPlaybackLog = {
      at: now, event: 'missed', bulletinId: slot.bulletinId, revision: slot.revision, priority: slot.priority, mode: slot.mode, slotAt: slot.startAt,
      ...(reason === undefined ? {} : { reason }), detail,
    };
    this.#o.ledger.append(entry).catch((err: unknown) => this.#o.onError(err, 'journal (missed)'));
  }
}
