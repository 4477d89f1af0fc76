// Shared shapes of the hub's media handling. The SQLite table for MediaRecord belongs to the data layer; this file
// only fixes the shape so the store, the probe and the HTTP helpers agree on it.

/** The only content types the hub stores: what the agents can play (MP3, WAV) or render (PNG, JPEG). */
export type MediaMime = 'audio/mpeg' | 'audio/wav' | 'image/png' | 'image/jpeg';

export const MEDIA_MIMES: readonly MediaMime[] = ['audio/mpeg', 'audio/wav', 'image/png', 'image/jpeg'];

export interface SniffResult {
  readonly mime: MediaMime;
}

/** What probing a whole file tells: audio fields for audio, image fields for images. */
export interface MediaProbe {
  readonly mime: MediaMime;
  /** Measured by decoding (MP3) or from the data chunk (WAV), rounded to the millisecond. */
  readonly durationMs?: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly width?: number;
  readonly height?: number;
}

/** One stored media file, keyed by the SHA-256 of its bytes (design.md §6: media is addressed by SHA-256). */
export interface MediaRecord {
  /** 64 lower-case hex digits. */
  readonly sha256: string;
  readonly mime: MediaMime;
  /** Size in bytes. */
  readonly bytes: number;
  readonly durationMs?: number;
  readonly width?: number;
  readonly height?: number;
  /** UTC, ISO 8601 (design.md §11: store UTC). */
  readonly createdAt: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a well-formed content address. Anything else must never reach a file path. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}
