// The live feed: one WebSocket to the hub's GET /api/live, carrying device presence, heartbeats, playback logs and
// command results for the account's own area (the hub filters; hub/src/app/routes/live-routes.ts). It reconnects
// with back-off, and after a reconnect it announces `live.resync`: events were missed, screens reload what they show.
import type { LiveEvent } from './screen.js';

export type LiveState = 'connecting' | 'open' | 'closed';
export type LiveHandler = (event: LiveEvent) => void;

/** Sent to subscribers after a reconnect (not after the first connect). */
export const LIVE_RESYNC = 'live.resync';
/** Close code the hub uses when the session behind the socket has ended: reconnecting cannot help. */
export const LIVE_SIGNED_OUT = 4401;

export interface LiveOptions {
  readonly url: string;
  readonly onState?: (state: LiveState) => void;
  readonly onSignedOut?: () => void;
  /** Test seam and default. */
  readonly connect?: (url: string) => WebSocket;
}

/** Reconnect delay: 1 s doubling to 30 s, so a restarted hub is not stormed by every open console at once. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

export class LiveFeed {
  readonly #o: LiveOptions;
  readonly #handlers = new Map<string, Set<LiveHandler>>();
  #socket: WebSocket | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #opened = false;
  #stopped = true;
  #state: LiveState = 'closed';

  constructor(options: LiveOptions) {
    this.#o = options;
  }

  get state(): LiveState {
    return this.#state;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#socket?.close(1000);
    this.#socket = undefined;
    this.#setState('closed');
  }

  /** Handler for one event type ('*' for all) until `signal` aborts. */
  on(type: string, handler: LiveHandler, signal?: AbortSignal): void {
    if (signal?.aborted === true) return;
    let set = this.#handlers.get(type);
    if (set === undefined) this.#handlers.set(type, (set = new Set()));
    set.add(handler);
    signal?.addEventListener('abort', () => set.delete(handler), { once: true });
  }

  #setState(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#o.onState?.(state);
  }

  #connect(): void {
    this.#setState('connecting');
    const socket = (this.#o.connect ?? ((url) => new WebSocket(url)))(this.#o.url);
    this.#socket = socket;
    socket.onopen = () => {
      const reconnect = this.#opened;
      this.#opened = true;
      this.#attempt = 0;
      this.#setState('open');
      if (reconnect) this.#emit({ type: LIVE_RESYNC });
    };
    socket.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let event: LiveEvent;
      try {
        event = JSON.parse(message.data) as LiveEvent;
      } catch {
        return;
      }
      if (typeof event.type === 'string') this.#emit(event);
    };
    socket.onclose = (close) => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#setState('closed');
      if (close.code === LIVE_SIGNED_OUT) {
        this.#stopped = true;
        this.#o.onSignedOut?.();
        return;
      }
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        if (!this.#stopped) this.#connect();
      }, backoffMs(this.#attempt++));
    };
  }

  #emit(event: LiveEvent): void {
    for (const key of [event.type, '*']) {
      for (const handler of this.#handlers.get(key) ?? []) {
        try {
          handler(event);
        } catch (error) {
          // One screen's broken handler must not starve the others of events.
          console.error(error);
        }
      }
    }
  }
}

/** ws: or wss: to the same host the console came from. */
export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
}
