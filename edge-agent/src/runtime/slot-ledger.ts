// Which slots and emergencies are accounted for, across restarts (design.md §8: "never lost, never doubled"). Every
// playback-log entry passes through here on its way to the journal; once an entry that closes a slot is durable —
// played, missed, stopped, a fault, an interruption not followed by a restart or resume — the slot is marked done, so
// after a reboot or a SIGKILL the scheduler neither plays it again nor forgets it: a slot cut off before its entry was
// written is still open, and plays on at its offset. Marks live in the replay store under their own prefix; a mark
// lost to a crash right after its entry was written is restored at start from the journal's unsent entries.
import type { PlaybackLog } from '@tinnguon/protocol';
import type { NewPlaybackLog, PlaybackRecorder } from '../journal/new-playback-log.js';
import { DETAIL } from '../queue/playback-log-entry.js';
import type { ReplayStore } from '../replay/replay-store.js';
import { LED_LOOP_PREFIX } from './agent-item.js';

export interface SlotLedgerOptions {
  readonly journal: PlaybackRecorder;
  readonly store: Pick<ReplayStore, 'has' | 'remember'>;
  /** How long a mark is kept after its slot; past the scheduler's look-back nothing asks for it. */
  readonly retainMs?: number;
  /** Called after each entry is durable (the uploader sends it). */
  readonly onDurable?: () => void;
  readonly onError: (err: unknown, context: string) => void;
}

export function slotKey(bulletinId: string, slotAt: number): string {
  return `slot:${bulletinId}:${slotAt}`;
}

/** An emergency plays once per revision, whichever path brought it (urgent topic or manifest). */
export function emergencyKey(bulletinId: string, revision: number): string {
  return `em:${bulletinId}:${revision}`;
}

const REQUEUED = new Set<string>([DETAIL.restart, DETAIL.resume]);

/** Whether the entry closes its slot. Pure. */
export function closesSlot(entry: NewPlaybackLog): boolean {
  if (entry.bulletinId === undefined || entry.slotAt === undefined) return false;
  if (entry.event === 'interrupted') return entry.detail === undefined || !REQUEUED.has(entry.detail);
  return entry.event !== 'rejected';
}

export function ledgerKeyOf(entry: NewPlaybackLog): string | undefined {
  if (entry.bulletinId === undefined || entry.slotAt === undefined) return undefined;
  if (entry.priority === 'emergency') return entry.revision === undefined ? undefined : emergencyKey(entry.bulletinId, entry.revision);
  return slotKey(entry.bulletinId, entry.slotAt);
}

export class SlotLedger implements PlaybackRecorder {
  readonly #o: SlotLedgerOptions;
  #quiet = false;

  constructor(options: SlotLedgerOptions) {
    this.#o = options;
  }

  has(key: string): boolean {
    return this.#o.store.has(key);
  }

  /** Marks without an entry (an emergency that cannot play on this kind of device). */
  mark(key: string, at: number): void {
    this.#o.store.remember(key, at + (this.#o.retainMs ?? 8 * 24 * 3600_000)).catch((err: unknown) => this.#o.onError(err, 'slot ledger'));
  }

  /**
   * While the agent shuts down, what its own stop cuts off is not an event: the slot stays open and, after the
   * restart, plays on at its offset and is journaled once — exactly as after a power cut.
   */
  quiet(): void {
    this.#quiet = true;
  }

  append(entry: NewPlaybackLog): Promise<PlaybackLog | undefined> {
    if (this.#quiet && (entry.event === 'stopped' || entry.event === 'interrupted')) return Promise.resolve(undefined);
    let toWrite: NewPlaybackLog | undefined = entry;
    if (entry.bulletinId?.startsWith(LED_LOOP_PREFIX) === true) {
      // The loop journals each bulletin it showed; of its own events only a fault matters, without the fake id.
      toWrite = entry.event === 'fault' ? { at: entry.at, event: 'fault', ...(entry.reason ? { reason: entry.reason } : {}), ...(entry.detail ? { detail: entry.detail } : {}) } : undefined;
    }
    if (toWrite === undefined) return Promise.resolve(undefined);
    const written = toWrite;
    return this.#o.journal.append(written).then((stored) => {
      this.#markIfClosing(written);
      this.#o.onDurable?.();
      return stored as PlaybackLog;
    });
  }

  /** Re-marks what the journal still holds (entries written just before a crash). */
  restore(entries: readonly NewPlaybackLog[]): void {
    for (const entry of entries) if (!this.#isMarked(entry)) this.#markIfClosing(entry);
  }

  #isMarked(entry: NewPlaybackLog): boolean {
    const key = ledgerKeyOf(entry);
    return key !== undefined && this.has(key);
  }

  #markIfClosing(entry: NewPlaybackLog): void {
    const key = ledgerKeyOf(entry);
    if (key !== undefined && closesSlot(entry)) this.mark(key, Math.max(entry.at, entry.slotAt ?? 0));
  }
}
