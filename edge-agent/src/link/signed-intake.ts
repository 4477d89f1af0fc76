// The gate every signed thing passes before the agent acts on it (design.md §6; domain.md: forged and replayed
// siren commands). verifyEnvelope checks shape, signature, key, expiry and target; the replay store adds "never
// twice", across restarts. A refusal is journaled as 'rejected' with the protocol's code, so the hub sees attacks.
import {
  PROTOCOL_ERRORS,
  verifyEnvelope,
  type EnvelopeType,
  type ProtocolError,
  type Recipient,
  type SignedEnvelope,
  type TrustedKey,
} from '@tinnguon/protocol';
import type { PlaybackRecorder } from '../journal/new-playback-log.js';
import type { ReplayStore } from '../replay/replay-store.js';

export interface IntakeClock {
  now(): number;
  readonly trusted: boolean;
}

export interface SignedIntakeOptions {
  readonly trustedKeys: () => readonly TrustedKey[];
  readonly recipient: () => Recipient;
  readonly replay: ReplayStore;
  readonly clock: IntakeClock;
  /** The build-date floor: an untrusted clock is never taken to be earlier than this. */
  readonly notBefore: number;
  readonly journal: PlaybackRecorder;
  readonly onError: (err: unknown, context: string) => void;
  /** Rejections journaled per minute; beyond that they are counted into one entry (a flood must not fill the SD card). */
  readonly maxRejectionsPerMinute?: number;
}

const WHAT: Record<EnvelopeType, string> = { bulletin: 'Bản tin', stop: 'Lệnh dừng', command: 'Lệnh điều khiển', manifest: 'Lịch phát (manifest)' };
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

export class SignedIntake {
  readonly #o: SignedIntakeOptions;
  #windowStart = Number.NEGATIVE_INFINITY;
  #inWindow = 0;
  #suppressed = 0;

  constructor(options: SignedIntakeOptions) {
    this.#o = options;
  }

  /**
   * The verified envelope, or undefined after journaling the rejection. With an untrusted clock (no sync since boot)
   * an envelope issued "in the future" is accepted and expiry is judged from the build date: emergencies and STOP
   * must still work (design.md §11), and the replay store still refuses anything seen before.
   */
  accept<K extends EnvelopeType>(input: unknown, type: K, source: string, options: { readonly replay?: boolean } = {}): SignedEnvelope<K> | undefined {
    const { clock } = this.#o;
    const trusted = clock.trusted;
    const useReplay = options.replay ?? true;
    const result = verifyEnvelope(input, type, {
      trustedKeys: this.#o.trustedKeys(),
      now: trusted ? clock.now() : Math.max(clock.now(), this.#o.notBefore),
      ...(trusted ? {} : { maxFutureSkewMs: Number.MAX_SAFE_INTEGER }),
      ...(useReplay ? { replay: this.#o.replay } : {}),
      recipient: this.#o.recipient(),
    });
    if (!result.ok) {
      this.reject(type, source, result.error, input);
      return undefined;
    }
    const envelope = result.value;
    if (useReplay) {
      // has() is true at once, so a duplicate arriving during the fsync is refused too; acting does not wait for it.
      this.#o.replay.remember(envelope.id, envelope.expiresAt).catch((err: unknown) => this.#o.onError(err, 'replay store'));
    }
    return envelope;
  }

  /** Journals a refusal (rate-limited). */
  reject(type: EnvelopeType, source: string, error: ProtocolError, input?: unknown): void {
    const now = this.#o.clock.now();
    if (now - this.#windowStart >= 60_000 || now < this.#windowStart) {
      if (this.#suppressed > 0) {
        this.#append({ at: now, event: 'rejected', reason: 'AGENT_ERR_VERIFY', detail: `Thêm ${this.#suppressed} nội dung bị từ chối không ghi chi tiết (quá nhiều trong một phút)` });
      }
      this.#windowStart = now;
      this.#inWindow = 0;
      this.#suppressed = 0;
    }
    if (this.#inWindow >= (this.#o.maxRejectionsPerMinute ?? 30)) {
      this.#suppressed++;
      return;
    }
    this.#inWindow++;
    const bulletinId = bulletinIdOf(input);
    const detail = `${WHAT[type]} bị từ chối (${source}): ${PROTOCOL_ERRORS[error.code]}`.slice(0, 300);
    this.#append({ at: now, event: 'rejected', reason: error.code, detail, ...(bulletinId === undefined ? {} : { bulletinId }) });
  }

  #append(entry: Parameters<PlaybackRecorder['append']>[0]): void {
    this.#o.journal.append(entry).catch((err: unknown) => this.#o.onError(err, 'journal (rejected)'));
  }
}

/** The bulletin a refused envelope claims to carry, for the report; only if it is a well-formed id. */
function bulletinIdOf(input: unknown): string | undefined {
  const payload = (input as { payload?: { bulletinId?: unknown } } | null)?.payload;
  const id = typeof payload === 'object' && payload !== null ? payload.bulletinId : undefined;
  return typeof id === 'string' && ID.test(id) ? id : undefined;
}
