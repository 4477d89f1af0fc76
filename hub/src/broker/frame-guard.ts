// A packet size limit in front of the MQTT parser. Aedes builds its parser with `mqtt.parser()` and no settings,
// and mqtt-packet 9 has no maximum packet size in MQTT 3.1.1: a client that declares a remaining length of 256 MB
// gets 256 MB buffered. So the guard reads each fixed header as the bytes pass ([MQTT-2.2.3]: one type byte, then
// a 1–4 byte variable-length "remaining length") and cuts the connection as soon as a frame declares more than the
// limit, before its body is buffered anywhere. Bytes are passed through unchanged; the parser still parses them.
import { Duplex } from 'node:stream';
import { HubError } from '../errors.js';
import type { PacedReader, ReadPacer } from './read-pacer.js';

export interface FrameLimits {
  /** Largest remaining length of the first frame, the CONNECT, sent before the client has proved anything. */
  readonly firstFrameMaxBytes: number;
  /** Largest remaining length of every later frame. */
  readonly maxFrameBytes: number;
}

export type FrameRefusalReason = 'frame-too-large' | 'malformed-length';

export type FrameVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: FrameRefusalReason; readonly declaredBytes?: number };

const OK: FrameVerdict = Object.freeze({ ok: true });

/** Follows frame boundaries across arbitrary chunking; the first refusal is final. */
export class FrameScanner {
  readonly #limits: FrameLimits;
  #state: 'header' | 'length' | 'body' = 'header';
  #frames = 0;
  #length = 0;
  #multiplier = 1;
  #lengthBytes = 0;
  #remaining = 0;
  #verdict: FrameVerdict = OK;

  constructor(limits: FrameLimits) {
    this.#limits = limits;
  }

  push(chunk: Uint8Array): FrameVerdict {
    let i = 0;
    while (this.#verdict.ok && i < chunk.length) {
      if (this.#state === 'header') {
        i += 1;
        this.#state = 'length';
        this.#length = 0;
        this.#multiplier = 1;
        this.#lengthBytes = 0;
      } else if (this.#state === 'length') {
        i = this.#readLengthByte(chunk[i]!, i + 1);
      } else {
        const take = Math.min(this.#remaining, chunk.length - i);
        i += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#state = 'header';
      }
    }
    return this.#verdict;
  }

  #readLengthByte(byte: number, next: number): number {
    this.#length += (byte & 0x7f) * this.#multiplier;
    this.#multiplier *= 128;
    this.#lengthBytes += 1;
    if ((byte & 0x80) !== 0) {
      // [MQTT-2.2.3]: at most four bytes; a fifth continuation bit is a malformed packet.
      if (this.#lengthBytes === 4) this.#verdict = { ok: false, reason: 'malformed-length' };
      return next;
    }
    const limit = this.#frames === 0 ? this.#limits.firstFrameMaxBytes : this.#limits.maxFrameBytes;
    if (this.#length > limit) {
      this.#verdict = { ok: false, reason: 'frame-too-large', declaredBytes: this.#length };
      return next;
    }
    this.#frames += 1;
    this.#remaining = this.#length;
    this.#state = this.#length === 0 ? 'header' : 'body';
    return next;
  }
}

interface Chunk {
  readonly chunk: Buffer | string;
  readonly encoding: BufferEncoding;
}

function joinChunks(chunks: readonly Chunk[]): Buffer {
  let length = 0;
  for (const { chunk, encoding } of chunks) length += typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const { chunk, encoding } of chunks) at += typeof chunk === 'string' ? out.write(chunk, at, encoding) : chunk.copy(out, at);
  return out;
}

/**
 * A connection whose inbound bytes pass a FrameScanner before the MQTT parser sees them. One thin Duplex, not a
 * Transform piped into `Duplex.from`: that pair cost the hub ~11 KiB of heap and seven end-of-stream watchers per
 * connection, and, having no `_writev`, it turned mqtt-packet's six corked writes of each PUBLISH (header, length,
 * topic length, topic, packet id, payload) into six socket writes: six syscalls and, with TCP_NODELAY, six segments
 * per delivered copy (issue 8, fanout: a third of the hub's CPU during an urgent publish). Here a corked batch leaves
 * as one write. Writes keep the connection's backpressure (the callback waits for its 'drain'), so Aedes' drain
 * timeout still sees a frozen reader. A refused frame destroys both, before its body is buffered anywhere.
 * With a ReadPacer, inbound bytes wait (their connection paused) for the pacer's turn before the parser sees them.
 */
export class GuardedConnection extends Duplex implements PacedReader {
  readonly #conn: Duplex;
  readonly #scanner: FrameScanner;
  readonly #onRefused: (verdict: FrameVerdict) => void;
  readonly #pacer: ReadPacer | undefined;
  /** Aedes' side is full: the connection stays paused until it reads again. */
  #paused = false;
  /** Bytes read and scanned, waiting for the pacer; the connection stays paused while there are any. */
  #waiting: Buffer[] | undefined;
  #whenDrained: (() => void) | undefined;

  constructor(conn: Duplex, limits: FrameLimits, onRefused: (verdict: FrameVerdict) => void, pacer?: ReadPacer) {
    // MQTT has no half-close: a device that ends its side has ended the session.
    // decodeStrings off: mqtt-packet writes each topic as a string, encoded once below into the outgoing buffer.
    super({ allowHalfOpen: false, decodeStrings: false });
    this.#conn = conn;
    this.#scanner = new FrameScanner(limits);
    this.#onRefused = onRefused;
    this.#pacer = pacer;
    conn.on('data', (chunk: Buffer) => this.#inbound(chunk));
    conn.on('end', () => this.push(null));
    conn.on('drain', () => this.#drained());
    conn.on('error', (err: Error) => this.destroy(err));
    conn.on('close', () => this.destroy());
  }

  override _read(): void {
    if (!this.#paused) return;
    this.#paused = false;
    if (this.#waiting === undefined) this.#conn.resume();
  }

  /** The pacer's turn: the waiting bytes go to the parser, and the connection is read again unless the parser is full. */
  deliverPaced(): void {
    const chunks = this.#waiting;
    this.#waiting = undefined;
    if (chunks === undefined || this.destroyed) return;
    let room = true;
    for (const chunk of chunks) room = this.push(chunk);
    if (!room) this.#paused = true;
    else if (!this.#paused) this.#conn.resume();
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#send(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk, callback);
  }

  override _writev(chunks: readonly Chunk[], callback: (error?: Error | null) => void): void {
    this.#send(joinChunks(chunks), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#conn.end();
    callback();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#whenDrained = undefined;
    this.#conn.destroy(err ?? undefined);
    callback(err);
  }

  #inbound(chunk: Buffer): void {
    if (this.destroyed) return;
    const verdict = this.#scanner.push(chunk);
    if (!verdict.ok) {
      this.#onRefused(verdict);
      this.destroy(new HubError('HUB_ERR_BROKER_FRAME_REFUSED', `${verdict.reason} ${verdict.declaredBytes ?? ''}`.trim()));
      return;
    }
    if (this.#pacer === undefined) {
      if (!this.push(chunk)) {
        this.#paused = true;
        this.#conn.pause();
      }
      return;
    }
    if (this.#waiting !== undefined) {
      this.#waiting.push(chunk);
      return;
    }
    this.#waiting = [chunk];
    this.#conn.pause();
    this.#pacer.enqueue(this);
  }

  #send(bytes: Buffer, callback: () => void): void {
    if (this.#conn.write(bytes)) callback();
    else this.#whenDrained = callback;
  }

  #drained(): void {
    const callback = this.#whenDrained;
    this.#whenDrained = undefined;
    callback?.();
  }
}

/** Wraps a connection (a TCP socket, or a WebSocket stream) in a GuardedConnection, paced by `pacer` if given. */
export function guardFrames(conn: Duplex, limits: FrameLimits, onRefused: (verdict: FrameVerdict) => void, pacer?: ReadPacer): Duplex {
  return new GuardedConnection(conn, limits, onRefused, pacer);
}
