// A packet size limit in front of the MQTT parser. Aedes builds its parser with `mqtt.parser()` and no settings,
// and mqtt-packet 9 has no maximum packet size in MQTT 3.1.1: a client that declares a remaining length of 256 MB
// gets 256 MB buffered. So the guard reads each fixed header as the bytes pass ([MQTT-2.2.3]: one type byte, then
// a 1–4 byte variable-length "remaining length") and cuts the connection as soon as a frame declares more than the
// limit, before its body is buffered anywhere. Bytes are passed through unchanged; the parser still parses them.
import { Duplex, pipeline, Transform } from 'node:stream';
import { HubError } from '../errors.js';

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

/**
 * Wraps a connection so that its inbound bytes pass a FrameScanner. Writes go straight to the connection, with its
 * backpressure, so Aedes' drain timeout still sees a frozen reader. A refused frame destroys the connection.
 */
export function guardFrames(conn: Duplex, limits: FrameLimits, onRefused: (verdict: FrameVerdict) => void): Duplex {
  const scanner = new FrameScanner(limits);
  const inbound = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const verdict = scanner.push(chunk);
      if (verdict.ok) {
        callback(null, chunk);
        return;
      }
      onRefused(verdict);
      callback(new HubError('HUB_ERR_BROKER_FRAME_REFUSED', `${verdict.reason} ${verdict.declaredBytes ?? ''}`.trim()));
    },
  });
  // pipeline() destroys the connection when the guard errors, so the rest of an oversized frame is never read.
  pipeline(conn, inbound, () => undefined);
  return Duplex.from({ readable: inbound, writable: conn });
}
