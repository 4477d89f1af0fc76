// MPEG audio frame headers (ISO/IEC 11172-3 §2.4.2.3, 13818-3 and the unofficial MPEG 2.5 extension) and the ID3v2
// tag that may precede them (id3.org, ID3v2.4 structure §3.1). Pure functions over bytes; nothing here decodes audio.

export interface MpegFrameHeader {
  /** 1 = MPEG-1, 2 = MPEG-2, 2.5 = MPEG-2.5. */
  readonly version: 1 | 2 | 2.5;
  readonly layer: 1 | 2 | 3;
  readonly bitrateKbps: number;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Whole frame including the 4-byte header. */
  readonly frameBytes: number;
  readonly samplesPerFrame: number;
}

const BITRATES_V1: Record<1 | 2 | 3, readonly number[]> = {
  1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
};
const BITRATES_V2: Record<1 | 2 | 3, readonly number[]> = {
  1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  3: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<1 | 2 | 2.5, readonly number[]> = {
  1: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  2.5: [11025, 12000, 8000],
};

/**
 * Parses the 4-byte header at `offset`, or returns null when any field is reserved or invalid. Free-format bitrate
 * (index 0) is rejected: its frame length cannot be computed from the header, and no encoder we meet writes it.
 */
export function parseMpegFrameHeader(bytes: Uint8Array, offset: number): MpegFrameHeader | null {
  if (offset < 0 || offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const versionBits = (b1 >> 3) & 0b11;
  const layerBits = (b1 >> 1) & 0b11;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 0b11;
  const padding = (b2 >> 1) & 1;
  const channelMode = b3 >> 6;
  const emphasis = b3 & 0b11;
  if (versionBits === 0b01 || layerBits === 0b00 || bitrateIndex === 0 || bitrateIndex === 15) return null;
  if (rateIndex === 3 || emphasis === 0b10) return null;

  const version = versionBits === 0b11 ? 1 : versionBits === 0b10 ? 2 : 2.5;
  const layer = layerBits === 0b11 ? 1 : layerBits === 0b10 ? 2 : 3;
  const bitrateKbps = (version === 1 ? BITRATES_V1 : BITRATES_V2)[layer][bitrateIndex] ?? 0;
  const sampleRate = SAMPLE_RATES[version][rateIndex] ?? 0;
  const bps = bitrateKbps * 1000;
  let frameBytes: number;
  let samplesPerFrame: number;
  if (layer === 1) {
    frameBytes = (Math.floor((12 * bps) / sampleRate) + padding) * 4;
    samplesPerFrame = 384;
  } else if (layer === 2 || version === 1) {
    frameBytes = Math.floor((144 * bps) / sampleRate) + padding;
    samplesPerFrame = 1152;
  } else {
    frameBytes = Math.floor((72 * bps) / sampleRate) + padding;
    samplesPerFrame = 576;
  }
  return { version, layer, bitrateKbps, sampleRate, channels: channelMode === 3 ? 1 : 2, frameBytes, samplesPerFrame };
}

/** Two headers belong to one stream when version, layer and sample rate agree (bitrate may vary: VBR). */
export function sameMpegStream(a: MpegFrameHeader, b: MpegFrameHeader): boolean {
  return a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;
}

/**
 * Offset just past any leading ID3v2 tags (there may be several, and taggers pad with zeros after them), or -1 when
 * a tag is declared but the bytes end inside it.
 */
export function skipId3v2(bytes: Uint8Array): number {
  let offset = 0;
  while (
    offset + 10 <= bytes.length &&
    bytes[offset] === 0x49 &&
    bytes[offset + 1] === 0x44 &&
    bytes[offset + 2] === 0x33
  ) {
    const size = syncsafe(bytes, offset + 6);
    if (size < 0) return -1;
    const footer = ((bytes[offset + 5] ?? 0) & 0x10) !== 0 ? 10 : 0;
    offset += 10 + size + footer;
    if (offset > bytes.length) return -1;
    while (offset < bytes.length && bytes[offset] === 0) offset++;
  }
  return offset;
}

function syncsafe(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at + i] ?? 0x80;
    if (b & 0x80) return -1; // ID3v2 §6.2: each size byte keeps its top bit clear
    value = (value << 7) | b;
  }
  return value;
}

/**
 * A header at `offset` that is confirmed by the next frame's header when the bytes reach that far. One valid-looking
 * header alone is weak evidence (any 0xFFE… pair matches 11 bits), so a second header in the same stream is required
 * whenever it is present.
 */
export function confirmedMpegFrame(bytes: Uint8Array, offset: number): MpegFrameHeader | null {
  const header = parseMpegFrameHeader(bytes, offset);
  if (header === null) return null;
  const next = offset + header.frameBytes;
  if (next + 4 > bytes.length) return header;
  const following = parseMpegFrameHeader(bytes, next);
  return following !== null && sameMpegStream(header, following) ? header : null;
}

export interface MpegFrameWalk {
  readonly first: MpegFrameHeader | null;
  readonly frames: number;
  /** Bytes between frames that were neither a frame nor a known trailing tag. */
  readonly junkBytes: number;
  /** Bytes covered by frames. */
  readonly audioBytes: number;
  /** The last frame's header promises more bytes than the file holds. */
  readonly truncated: boolean;
}

/** Walks every frame from `start`, resynchronising over junk and stopping at ID3v1/APE/Lyrics3 trailers. */
export function walkMpegFrames(bytes: Uint8Array, start: number): MpegFrameWalk {
  let offset = start;
  let first: MpegFrameHeader | null = null;
  let frames = 0;
  let junkBytes = 0;
  let audioBytes = 0;
  let truncated = false;
  while (offset + 4 <= bytes.length) {
    const header: MpegFrameHeader | null =
      first === null ? confirmedMpegFrame(bytes, offset) : parseMpegFrameHeader(bytes, offset);
    if (header !== null && (first === null || sameMpegStream(first, header))) {
      first ??= header;
      if (offset + header.frameBytes > bytes.length) {
        truncated = true;
        break;
      }
      frames++;
      audioBytes += header.frameBytes;
      offset += header.frameBytes;
      continue;
    }
    if (isTrailer(bytes, offset)) break;
    junkBytes++;
    offset++;
  }
  if (!truncated && offset < bytes.length && offset + 4 > bytes.length) {
    // One to three bytes left: the start of a frame sync is a header cut short, anything else is stray padding.
    if (frames > 0 && bytes[offset] === 0xff) truncated = true;
    else junkBytes += bytes.length - offset;
  }
  return { first, frames, junkBytes, audioBytes, truncated };
}

function isTrailer(bytes: Uint8Array, offset: number): boolean {
  const rest = bytes.length - offset;
  if (rest === 128 && ascii(bytes, offset, 3) === 'TAG') return true; // ID3v1
  if (ascii(bytes, offset, 8) === 'APETAGEX' || ascii(bytes, offset, 11) === 'LYRICSBEGIN') return true;
  return false;
}

export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
}
