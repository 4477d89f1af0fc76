// The fan-out behind GET /api/live: one poll loop for all open consoles, running only while at least one is open.
// Each subscriber gets only the events of its own area (live-events.ts), a socket that stops reading is dropped
// rather than buffered without bound (style.md anti-patterns: "one frozen client stalling … everyone"), and every
// subscriber's session is re-checked now and then, so a sign-out, time-out or disabled account closes its feed.
import { visibleTo, type LiveEvent, type LiveScope } from './live-events.js';

/** The console closes and signs in again on this code (mirrors hub/console/src/core/live.ts). */
export const LIVE_CLOSE_SIGNED_OUT = 4401;
/** RFC 6455 §7.4.1 "try again later": the client could not keep up. */
export const LIVE_CLOSE_TOO_SLOW = 1013;
export const LIVE_CLOSE_GOING_AWAY = 1001;

export interface LiveSubscriber {
  readonly scope: LiveScope;
  /** Bytes queued on the socket and not yet sent. */
  readonly buffered: () => number;
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Whether the credential behind the socket still holds; absent for credentials that cannot lapse mid-socket. */
  readonly stillValid?: () => Promise<boolean>;
}

export interface LiveSource {
  reset(): Promise<void>;
  poll(): Promise<LiveEvent[]>;
}

export interface LiveFeedOptions {
  readonly source: LiveSource;
  readonly pollMs?: number;
  readonly recheckMs?: number;
  readonly maxBufferedBytes?: number;
  readonly log?: { error(obj: object, msg: string): void };
}

export class LiveFeed {
  readonly #o: LiveFeedOptions;
  readonly #subscribers = new Set<LiveSubscriber>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #lastRecheck = 0;

  constructor(options: LiveFeedOptions) {
    this.#o = options;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  /** Adds a subscriber; the returned function removes it (call it from the socket's close handler). */
  add(subscriber: LiveSubscriber): () => void {
    this.#subscribers.add(subscriber);
    if (!this.#running) {
      this.#running = true;
      this.#lastRecheck = Date.now();
      this.#o.source.reset().then(() => this.#schedule(), (err: unknown) => {
        this.#o.log?.error({ err }, 'live feed could not start');
        this.#schedule();
      });
    }
    return () => this.#remove(subscriber);
  }

  /** Closes every subscriber and stops polling (hub shutdown). */
  stop(): void {
    for (const s of [...this.#subscribers]) s.close(LIVE_CLOSE_GOING_AWAY, 'hub stopping');
    this.#subscribers.clear();
    this.#halt();
  }

  #remove(subscriber: LiveSubscriber): void {
    this.#subscribers.delete(subscriber);
    if (this.#subscribers.size === 0) this.#halt();
  }

  #halt(): void {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (!this.#running || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#tick().catch((err: unknown) => this.#o.log?.error({ err }, 'live feed poll failed')).finally(() => this.#schedule());
    }, this.#o.pollMs ?? 1000);
  }

  async #tick(): Promise<void> {
    const events = await this.#o.source.poll();
    const limit = this.#o.maxBufferedBytes ?? 1024 * 1024;
    for (const s of [...this.#subscribers]) {
      if (s.buffered() > limit) {
        s.close(LIVE_CLOSE_TOO_SLOW, 'not reading');
        this.#remove(s);
        continue;
      }
      for (const e of events) if (visibleTo(e, s.scope)) s.send(JSON.stringify(e));
    }
    if (Date.now() - this.#lastRecheck >= (this.#o.recheckMs ?? 30_000)) {
      this.#lastRecheck = Date.now();
      await Promise.all([...this.#subscribers].map(async (s) => {
        if (s.stillValid === undefined || (await s.stillValid())) return;
        s.close(LIVE_CLOSE_SIGNED_OUT, 'session ended');
        this.#remove(s);
      }));
    }
  }
}
