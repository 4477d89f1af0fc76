// The one executor that carries out preemption decisions (design.md §9). One item plays at a time; each play owns an
// AbortController and preempting is abort(). It knows nothing about audio or LEDs: `run` is injected.
import type { Heartbeat } from '@tinnguon/protocol';
import { AgentError, isAgentError, type AgentErrorCode } from '../errors.js';
import type { NewPlaybackLog, PlaybackRecorder } from '../journal/new-playback-log.js';
import { decide } from './decide.js';
import { DETAIL, playbackLogEntry, type LogExtra } from './playback-log-entry.js';
import { nextItem, playOrder } from './next-item.js';
import { assertQueueItem, relationOf, type Decision, type InterruptedAction, type QueueItem } from './queue-item.js';

export interface PlaybackRun {
  readonly outcome: 'completed' | 'aborted';
  /** Media actually played in this run, from item.startOffsetMs. */
  readonly playedMs: number;
}

/** Plays one item; resolves 'aborted' soon after `signal` aborts (drivers drop buffered audio, design.md §9). */
export type RunItem<T extends QueueItem> = (item: T, signal: AbortSignal) => Promise<PlaybackRun>;

export interface ExecutorClock {
  now(): number;
}

export interface PlaybackExecutorOptions<T extends QueueItem> {
  readonly run: RunItem<T>;
  readonly journal: PlaybackRecorder;
  readonly clock?: ExecutorClock;
  /** A journal write failed (the executor cannot log that to the journal itself). */
  readonly onError?: (err: unknown, context: string) => void;
  /** How long an aborted run may take to settle before it is abandoned as a fault, so a stuck driver cannot hold
   *  an emergency back. */
  readonly abortGraceMs?: number;
}

export type NowPlaying = NonNullable<Heartbeat['playing']>;

export interface ExecutorSnapshot<T extends QueueItem> {
  /** In the heartbeat's shape. */
  readonly playing: NowPlaying | null;
  readonly current: T | null;
  readonly paused: T | null;
  /** In play order. */
  readonly queued: readonly T[];
}

type Interruption =
  | { readonly kind: 'preempt'; readonly action: InterruptedAction; readonly reason: AgentErrorCode }
  | { readonly kind: 'stop' | 'next' | 'pause' };

interface Running<T> {
  readonly item: T;
  readonly controller: AbortController;
  readonly startedAt: number;
  interruption: Interruption | null;
  readonly settled: Promise<void>;
}

const systemClock: ExecutorClock = { now: () => Date.now() };

export class PlaybackExecutor<T extends QueueItem = QueueItem> {
  readonly #run: RunItem<T>;
  readonly #journal: PlaybackRecorder;
  readonly #clock: ExecutorClock;
  readonly #onError: (err: unknown, context: string) => void;
  readonly #abortGraceMs: number;
  #queue: T[] = [];
  #current: Running<T> | null = null;
  #paused: { item: T; startedAt: number } | null = null;
  /** Set by pause(): only emergencies start until resume() (Điều 8.1: an emergency is carried out at once). */
  #holding = false;
  #draining = false;
  #pump: Promise<void> = Promise.resolve();
  readonly #writes = new Set<Promise<void>>();

  constructor(options: PlaybackExecutorOptions<T>) {
    this.#run = options.run;
    this.#journal = options.journal;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError ?? (() => undefined);
    this.#abortGraceMs = options.abortGraceMs ?? 2000;
  }

  /** Decides and acts at once; an emergency aborts what plays before this returns. */
  offer(item: T): Decision {
    assertQueueItem(item);
    const running = this.#current;
    const decision = decide(running?.item ?? null, item);
    if (decision.action === 'drop') return decision;
    const waiting = this.#paused === null ? this.#queue : [...this.#queue, this.#paused.item];
    for (const queued of waiting) {
      const relation = relationOf(queued, item);
      if (relation === 'duplicate') return { action: 'drop', reason: 'AGENT_ERR_DUPLICATE' };
      if (relation === 'olderRevision') return { action: 'drop', reason: 'AGENT_ERR_STALE_REVISION' };
    }
    // A queued older revision is replaced by its correction before it ever plays.
    this.#queue = this.#queue.filter((queued) => relationOf(queued, item) !== 'newerRevision');
    this.#queue.push(item);
    if (decision.action === 'preempt' && running !== null) {
      const reason = relationOf(running.item, item) === 'newerRevision' ? 'AGENT_ERR_SUPERSEDED' : 'AGENT_ERR_PREEMPTED';
      this.#interrupt(running, { kind: 'preempt', action: decision.interrupted, reason });
    }
    this.#kick();
    return decision;
  }

  /** STOP silences the device: everything (or one recalled bulletin) is stopped, logged, and cleared. */
  async stop(bulletinId?: string): Promise<void> {
    const hit = (i: T): boolean => bulletinId === undefined || i.bulletinId === bulletinId;
    for (const item of this.#queue.filter(hit)) this.#log(item, 'stopped', 'AGENT_ERR_STOPPED', { detail: DETAIL.stopped });
    this.#queue = this.#queue.filter((i) => !hit(i));
    if (this.#paused !== null && hit(this.#paused.item)) {
      this.#log(this.#paused.item, 'stopped', 'AGENT_ERR_STOPPED', { detail: DETAIL.stopped });
      this.#paused = null;
    }
    if (bulletinId === undefined) this.#holding = false;
    const running = this.#current;
    if (running !== null && hit(running.item)) {
      // STOP overrides any interruption already under way: nothing is restarted or parked.
      running.interruption = { kind: 'stop' };
      running.controller.abort();
      await running.settled;
    }
  }

  /** Skips what plays (and its remaining repeats). An emergency ends only by a signed STOP, never by a skip. */
  async next(): Promise<void> {
    const running = this.#current;
    if (running === null || running.item.priority === 'emergency') return;
    this.#interrupt(running, { kind: 'next' });
    await running.settled;
  }

  /** Holds the programme and parks what plays at its offset; emergencies still play (Điều 8.1). */
  async pause(): Promise<void> {
    this.#holding = true;
    const running = this.#current;
    if (running === null || running.item.priority === 'emergency') return;
    this.#interrupt(running, { kind: 'pause' });
    await running.settled;
  }

  /** Releases the hold; the parked item plays on from where it was paused, in its place in the queue. */
  resume(): void {
    this.#holding = false;
    if (this.#paused !== null) {
      this.#queue.push(this.#paused.item);
      this.#paused = null;
    }
    this.#kick();
  }

  snapshot(): ExecutorSnapshot<T> {
    const running = this.#current;
    const paused = this.#paused;
    const shown = running ?? (paused === null ? null : { item: paused.item, startedAt: paused.startedAt });
    const playing =
      shown === null
        ? null
        : {
            bulletinId: shown.item.bulletinId,
            priority: shown.item.priority,
            mode: shown.item.mode,
            startedAt: shown.startedAt,
            paused: running === null,
          };
    return { playing, current: running?.item ?? null, paused: paused?.item ?? null, queued: playOrder(this.#queue) };
  }

  /** Resolves when nothing is playing or due and every journal write has settled (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#pump;
    while (this.#writes.size > 0) await Promise.all([...this.#writes]);
  }

  #interrupt(running: Running<T>, why: Interruption): void {
    if (running.interruption !== null) return;
    running.interruption = why;
    running.controller.abort();
  }

  #kick(): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#pump = this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      for (let item = this.#takeNext(); item !== undefined; item = this.#takeNext()) {
        // Repeats play back to back (Bulletin.repeat); `playOnce` returns the next repetition, if any.
        for (let play = this.#mayStart(item); play !== undefined; play = this.#mayStart(play)) {
          play = await this.#playOnce(play);
          if (play === undefined) break;
        }
      }
    } catch (err) {
      this.#onError(err, 'playback executor');
    } finally {
      this.#draining = false;
    }
  }

  #takeNext(): T | undefined {
    const eligible = this.#holding ? this.#queue.filter((i) => i.priority === 'emergency') : this.#queue;
    const item = nextItem(eligible);
    if (item !== undefined) this.#queue.splice(this.#queue.indexOf(item), 1);
    return item;
  }

  /** Between repetitions a hold or a queued emergency (offered while nothing ran) takes effect, as it would have
   *  during the play itself. */
  #mayStart(play: T): T | undefined {
    if (this.#holding && play.priority !== 'emergency') {
      this.#paused = { item: play, startedAt: this.#clock.now() };
      return undefined;
    }
    for (const queued of this.#queue) {
      const decision = decide(play, queued);
      if (decision.action !== 'preempt') continue;
      if (decision.interrupted === 'drop') {
        this.#log(play, 'interrupted', 'AGENT_ERR_PREEMPTED', { playedMs: 0, detail: DETAIL.drop });
      } else {
        this.#queue.push(play);
      }
      return undefined;
    }
    return play;
  }

  async #playOnce(item: T): Promise<T | undefined> {
    const startedAt = this.#clock.now();
    if (item.notAfter !== undefined && startedAt > item.notAfter) {
      this.#log(item, 'missed', 'AGENT_ERR_WOULD_OVERRUN', { detail: DETAIL.missed });
      return undefined;
    }
    let markSettled: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (markSettled = resolve));
    const running: Running<T> = { item, controller: new AbortController(), startedAt, interruption: null, settled };
    this.#current = running;
    try {
      const result = await this.#runGuarded(running);
      return this.#afterRun(running, result);
    } catch (err) {
      const reason = isAgentError(err) ? err.code : 'AGENT_ERR_PLAYBACK';
      const detail = (err instanceof Error ? err.message : String(err)).slice(0, 300) || undefined;
      this.#log(item, 'fault', reason, { startedAt, endedAt: this.#clock.now(), detail });
      return undefined;
    } finally {
      this.#current = null;
      markSettled();
    }
  }

  #afterRun(running: Running<T>, result: PlaybackRun): T | undefined {
    const { item, startedAt, interruption } = running;
    const playedMs = Math.max(0, Math.round(result.playedMs));
    const timing = { startedAt, endedAt: this.#clock.now(), playedMs };
    const repetition = item.repeat - item.remaining + 1;
    if (result.outcome === 'completed') {
      const detail = item.repeat > 1 ? DETAIL.played(repetition, item.repeat) : undefined;
      this.#log(item, 'played', undefined, { ...timing, detail });
      if (item.remaining <= 1) return undefined;
      const following: T = { ...item, remaining: item.remaining - 1, startOffsetMs: 0 };
      if (interruption === null) return following;
      // Interrupted just as this repetition ended: the rest of the slot follows the interruption's rule.
      if (interruption.kind === 'pause') this.#paused = { item: following, startedAt };
      if (interruption.kind !== 'preempt') return undefined;
      if (interruption.action === 'drop') {
        this.#log(following, 'interrupted', interruption.reason, { playedMs: 0, detail: DETAIL.drop });
      } else {
        this.#queue.push(following);
      }
      return undefined;
    }
    const offset = (item.startOffsetMs ?? 0) + playedMs;
    switch (interruption?.kind) {
      case 'preempt': {
        const detail = interruption.reason === 'AGENT_ERR_SUPERSEDED' ? DETAIL.superseded : DETAIL[interruption.action];
        this.#log(item, 'interrupted', interruption.reason, { ...timing, detail });
        if (interruption.action === 'restart') this.#queue.push({ ...item, startOffsetMs: 0 });
        if (interruption.action === 'resume') this.#queue.push({ ...item, startOffsetMs: offset });
        return undefined;
      }
      case 'stop':
        this.#log(item, 'stopped', 'AGENT_ERR_STOPPED', { ...timing, detail: DETAIL.stopped });
        return undefined;
      case 'next':
        this.#log(item, 'interrupted', 'AGENT_ERR_SKIPPED', { ...timing, detail: DETAIL.skipped });
        return undefined;
      case 'pause':
        // Not a log event: the slot is still owed, and resume() plays it on from here.
        this.#paused = { item: { ...item, startOffsetMs: offset }, startedAt };
        return undefined;
      case undefined:
        // The driver gave up on its own (sink closed under it): the slot is logged, not retried.
        this.#log(item, 'interrupted', 'AGENT_ERR_ABORTED', { ...timing, detail: DETAIL.unknownAbort });
        return undefined;
    }
  }

  /** `run`, but abandoned as AGENT_ERR_DRIVER_STUCK if it has not settled abortGraceMs after abort. */
  async #runGuarded(running: Running<T>): Promise<PlaybackRun> {
    const { signal } = running.controller;
    const played = new Promise<PlaybackRun>((resolve) => resolve(this.#run(running.item, signal)));
    let timer: NodeJS.Timeout | undefined;
    let onAbort: () => void = () => undefined;
    const stuck = new Promise<never>((_, reject) => {
      onAbort = () => {
        timer = setTimeout(() => reject(new AgentError('AGENT_ERR_DRIVER_STUCK')), this.#abortGraceMs);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([played, stuck]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      // An abandoned run may still reject later; it has been logged as a fault already.
      void played.catch(() => undefined);
    }
  }

  /**
   * Journal writes never hold up playback (an emergency must not wait on an fsync); they are tracked, not awaited.
   * An attention tone is part of its emergency's broadcast: only its faults are logged, so each slot has one entry.
   */
  /**
   * Journal writes never hold up playback (an emergency must not wait on an fsync); they are tracked, not awaited.
   */
  #log(item: T, event: NewPlaybackLog['event'], reason: AgentErrorCode | undefined, extra: LogExtra): void {
    const entry = playbackLogEntry(this.#clock.now(), item, event, reason, extra);
    if (entry === null) return;
    const write = this.#journal.append(entry).then(
      () => undefined,
      (err: unknown) => this.#onError(err, `journal append (${event})`),
    );
    this.#writes.add(write);
    void write.finally(() => this.#writes.delete(write));
  }
}
