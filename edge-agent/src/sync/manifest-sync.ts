// Pull, verify, keep, reconcile (design.md §4): after every doorbell and every (re)connect the agent fetches its
// signed manifest, refuses anything unsigned, foreign or older than what it holds, keeps the last good one on disk,
// and brings the cache to it. One sync at a time; a doorbell during a sync runs one more afterwards, never a pile.
// A fetch that fails (hub busy or unreachable) is tried again on the link's back-off until one gets an answer: a
// doorbell's change must not wait for the next change, or the next reconnect, to reach the device.
import type { Manifest, SignedEnvelope } from '@tinnguon/protocol';
import { AgentError, isAgentError } from '../errors.js';
import { fullJitterDelay, type BackoffPolicy } from '../link/backoff.js';
import type { SignedIntake } from '../link/signed-intake.js';
import type { PlaybackRecorder } from '../journal/new-playback-log.js';
import { systemTimers, type AgentTimers } from '../runtime/agent-timers.js';
import { judgeManifest } from './judge-manifest.js';
import type { ManifestStore } from './manifest-store.js';

export interface ManifestSyncOptions {
  readonly deviceId: string;
  readonly fetch: (signal: AbortSignal) => Promise<unknown>;
  readonly intake: SignedIntake;
  readonly store: ManifestStore;
  readonly journal: PlaybackRecorder;
  readonly now: () => number;
  /** A new manifest is in force (also called once at load). */
  readonly onManifest: (manifest: Manifest) => void;
  /** Brings the cache to the manifest in force. */
  readonly reconcile: (manifest: Manifest, signal: AbortSignal) => Promise<void>;
  readonly onError: (err: unknown, context: string) => void;
  /** A doorbell's sync waits a random 0–doorbellJitterMs first (see doorbell()); 0 syncs at once. */
  readonly doorbellJitterMs?: number;
  /** After a failed fetch, the wait before the next: full jitter on this policy, doubling until a fetch is answered. */
  readonly retry?: BackoffPolicy;
  readonly timers?: AgentTimers;
  readonly random?: () => number;
}

export type SyncOutcome = 'accepted' | 'same' | 'refused' | 'failed' | 'stopped';

export class ManifestSync {
  readonly #o: ManifestSyncOptions;
  #current: SignedEnvelope<'manifest'> | undefined;
  #running: Promise<SyncOutcome> | undefined;
  #again = false;
  #controller = new AbortController();
  #lastOutcome: SyncOutcome | undefined;
  #doorbellTimer: unknown;
  #retryTimer: unknown;
  /** Fetches failed in a row: the back-off's step. */
  #failures = 0;

  constructor(options: ManifestSyncOptions) {
    this.#o = options;
  }

  get manifest(): Manifest | undefined {
    return this.#current?.payload;
  }

  get lastOutcome(): SyncOutcome | undefined {
    return this.#lastOutcome;
  }

  /** Loads the stored manifest, if a valid one is there; an invalid one is journaled as a fault and ignored. */
  async load(): Promise<void> {
    const loaded = await this.#o.store.load();
    if (loaded.state === 'loaded') {
      this.#current = loaded.envelope;
      this.#o.onManifest(loaded.envelope.payload);
    } else if (loaded.state === 'invalid') {
      this.#fault('AGENT_ERR_VERIFY', `Lịch phát lưu trên thẻ nhớ không hợp lệ, bỏ qua: ${loaded.reason}`);
    }
  }

  /** Resolves with what this round (or the one it joined) did. Never rejects. */
  sync(): Promise<SyncOutcome> {
    // A pending retry is superseded: this round sets the next one if it fails too.
    this.#clearRetry();
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /**
   * A doorbell: sync after a random 0–doorbellJitterMs. The hub rings every device whose manifest changed at once —
   * after an emergency, its whole target area — and nothing in a manifest is due within seconds (an emergency, a
   * STOP and a recall travel by the urgent path, design.md §5), so the devices' GETs are spread over the interval
   * rather than hitting the hub together while it serves the emergency's speech, and the device's own first second
   * goes to the attention tone and the speech download (issue 8). Doorbells while one waits join it.
   */
  doorbell(): void {
    const jitterMs = this.#o.doorbellJitterMs ?? 0;
    if (jitterMs <= 0) {
      void this.sync();
      return;
    }
    if (this.#doorbellTimer !== undefined || this.#controller.signal.aborted) return;
    const delay = Math.floor((this.#o.random ?? Math.random)() * (jitterMs + 1));
    this.#doorbellTimer = (this.#o.timers ?? systemTimers).setTimeout(() => {
      this.#doorbellTimer = undefined;
      void this.sync();
    }, delay);
  }

  /** Cancels a sync in flight (downloads included), a doorbell's wait and a retry's, and waits for the sync. */
  async stop(): Promise<void> {
    (this.#o.timers ?? systemTimers).clearTimeout(this.#doorbellTimer);
    this.#doorbellTimer = undefined;
    this.#clearRetry();
    this.#controller.abort();
    await this.#running;
  }

  async #loop(): Promise<SyncOutcome> {
    let outcome: SyncOutcome;
    do {
      this.#again = false;
      outcome = await this.#once();
      this.#lastOutcome = outcome;
    } while (this.#again && !this.#controller.signal.aborted);
    this.#retryAfter(outcome);
    return outcome;
  }

  /** A failed fetch sets the next try; any answer from the hub (even a refused manifest) ends the back-off. */
  #retryAfter(outcome: SyncOutcome): void {
    this.#clearRetry();
    if (outcome !== 'failed') {
      if (outcome !== 'stopped') this.#failures = 0;
      return;
    }
    if (this.#o.retry === undefined || this.#controller.signal.aborted) return;
    const delay = fullJitterDelay(this.#failures, this.#o.retry, this.#o.random ?? Math.random);
    this.#failures += 1;
    this.#retryTimer = (this.#o.timers ?? systemTimers).setTimeout(() => {
      this.#retryTimer = undefined;
      void this.sync();
    }, delay);
  }

  #clearRetry(): void {
    (this.#o.timers ?? systemTimers).clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  async #once(): Promise<SyncOutcome> {
    const signal = this.#controller.signal;
    if (signal.aborted) return 'stopped';
    let raw: unknown;
    try {
      raw = await this.#o.fetch(signal);
    } catch (err) {
      if (signal.aborted) return 'stopped';
      this.#o.onError(err, 'manifest fetch');
      // Offline is normal: reconcile what we hold, so a file that went bad is fetched again once the hub is back.
      return this.#reconcile(signal, 'failed');
    }
    const envelope = this.#o.intake.accept(raw, 'manifest', 'HTTP', { replay: false });
    if (envelope === undefined) return 'refused';
    const decision = judgeManifest(this.manifest, envelope.payload, this.#o.deviceId);
    if (decision.action === 'refuse') {
      this.#fault(decision.code, `Từ chối lịch phát phiên bản ${envelope.payload.version}: ${decision.detail}`);
      return 'refused';
    }
    if (decision.action === 'accept') {
      try {
        await this.#o.store.save(envelope);
      } catch (err) {
        // Still used: playing the right programme now matters more than surviving the next reboot with it.
        this.#o.onError(new AgentError('AGENT_ERR_STATE_DIR', `manifest not saved: ${(err as Error).message}`, { cause: err }), 'manifest save');
      }
      this.#current = envelope;
      this.#o.onManifest(envelope.payload);
    }
    return this.#reconcile(signal, decision.action === 'accept' ? 'accepted' : 'same');
  }

  async #reconcile(signal: AbortSignal, outcome: SyncOutcome): Promise<SyncOutcome> {
    const manifest = this.manifest;
    if (manifest === undefined) return outcome;
    try {
      await this.#o.reconcile(manifest, signal);
    } catch (err) {
      if (signal.aborted || isAgentError(err, 'AGENT_ERR_ABORTED')) return 'stopped';
      this.#o.onError(err, 'cache reconcile');
    }
    return outcome;
  }

  #fault(reason: AgentError['code'], detail: string): void {
    this.#o.journal.append({ at: this.#o.now(), event: 'fault', reason, detail: detail.slice(0, 300) }).catch((err: unknown) => this.#o.onError(err, 'journal (manifest)'));
  }
}
