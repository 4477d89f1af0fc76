// MPEG audio frame headers (ISO/IEC 11172-3 §2.4.2.3, 13818-3). The WASM decoder always hands back two channels and
// does not say whether the stream was mono, so the channel mode is read from the first frame header here.

/** Length of an ID3v2 tag at the start of `bytes` (header, body and optional footer), or 0 when there is none. */
export function id3v2Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  // The size is "syncsafe": four 7-bit bytes (ID3v2.4 §3.1).
  const size = ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
  const hasFooter = ((bytes[5] ?? 0) & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

/** Whether a valid MPEG audio frame header starts at `offset`. */
export function isMpegFrameHeader(bytes: Uint8Array, offset: number): boolean {
  if (offset + 4 > bytes.length) return false;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return false; // 11-bit frame sync
  if (((b1 >> 3) & 0x03) === 0x01) return false; // reserved MPEG version
  if (((b1 >> 1) & 0x03) === 0x00) return false; // reserved layer
  if (b2 >> 4 === 0x0f) return false; // "bad" bitrate index
  return ((b2 >> 2) & 0x03) !== 0x03; // reserved sample rate
}

/**
 * Channel count of the first frame after any ID3v2 tag: 1 for the single-channel mode, 2 otherwise. `undefined` when
 * `bytes` holds no complete frame header yet.
 */
export function mpegChannels(bytes: Uint8Array): 1 | 2 | undefined {
  for (let i = id3v2Length(bytes); i + 4 <= bytes.length; i++) {
    if (isMpegFrameHeader(bytes, i)) return (bytes[i + 3] ?? 0) >> 6 === 0x03 ? 1 : 2;
  }
  return undefined;
}
