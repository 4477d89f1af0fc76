// WAV files for the recording tests: what a browser's microphone capture encodes (16-bit PCM), and the variants the
// hub must refuse.
export interface SineOptions {
  readonly seconds: number;
  readonly sampleRate: number;
  /** 0..1 of full scale; 0 is a muted microphone. */
  readonly amplitude: number;
  readonly bits?: 8 | 16;
}

export function sineWav(o: SineOptions): Uint8Array {
  const bits = o.bits ?? 16;
  const bytesPerSample = bits / 8;
  const frames = Math.round(o.seconds * o.sampleRate);
  const data = frames * bytesPerSample;
  const out = new Uint8Array(44 + data);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + data, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, o.sampleRate, true);
  v.setUint32(28, o.sampleRate * bytesPerSample, true);
  v.setUint16(32, bytesPerSample, true);
  v.setUint16(34, bits, true);
  ascii(36, 'data');
  v.setUint32(40, data, true);
  for (let i = 0; i < frames; i++) {
    const s = o.amplitude * Math.sin((2 * Math.PI * 440 * i) / o.sampleRate);
    if (bits === 16) v.setInt16(44 + i * 2, Math.round(s * 32767), true);
    else v.setUint8(44 + i, Math.round(128 + s * 127));
  }
  return out;
}
