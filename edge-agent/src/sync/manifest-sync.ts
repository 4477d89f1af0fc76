// Pull, verify, keep, reconcile (design.md §4): after every doorbell and every (re)connect the agent fetches its
// signed manifest, refuses anything unsigned, foreign or older than what it holds, keeps the last good one on disk,
// and brings the cache to it. One sync at a time; a doorbell during a sync runs one more afterwards, never a pile.
import type { Manifest, SignedEnvelope } from '@tinnguon/protocol';
import { AgentError, isAgentError } from '../errors.js';
import type { SignedIntake } from '../link/signed-intake.js';
import type { PlaybackRecorder } from '../journal/new-playback-log.js';
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
}

export type SyncOutcome = 'accepted' | 'same' | 'refused' | 'failed' | 'stopped';

export class ManifestSync {
  readonly #o: ManifestSyncOptions;
  #current: SignedEnvelope<'manifest'> | undefined;
  #running: Promise<SyncOutcome> | undefined;
  #again = false;
  #controller = new AbortController();
  #lastOutcome: SyncOutcome | undefined;

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
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#loop().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Cancels a sync in flight (downloads included) and waits for it. */
  async stop(): Promise<void> {
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
    return outcome;
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
