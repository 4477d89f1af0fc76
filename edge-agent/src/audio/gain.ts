// Software volume. Remote volume ("AmLuong", 0–100 in the vendors' protocol, domain.md) is applied to the PCM itself
// so every output, real or virtual, hears the same thing.

import { AgentError } from '../errors.js';

/** Linear gain for a 0–100 volume: 100 leaves the audio as mastered, 50 halves the amplitude, 0 is silence. */
export function volumeToGain(volume: number): number {
  if (!Number.isFinite(volume) || volume < 0 || volume > 100) {
    throw new AgentError('AGENT_ERR_AUDIO_REQUEST_INVALID', `volume ${String(volume)}`);
  }
  return volume / 100;
}

/** Scales `pcm` in place, saturating at the 16-bit limits rather than wrapping around (a wrap is a loud click). */
export function applyGain(pcm: Int16Array, gain: number): Int16Array {
  if (gain === 1) return pcm;
  if (gain === 0) return pcm.fill(0);
  for (let i = 0; i < pcm.length; i++) {
    const scaled = Math.round((pcm[i] ?? 0) * gain);
    pcm[i] = scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
  }
  return pcm;
}

/** Float samples in [-1, 1] (the decoder's output) to 16-bit, clipping anything an MP3 overshoot puts beyond. */
export function floatToInt16(sample: number): number {
  const clipped = sample > 1 ? 1 : sample < -1 ? -1 : sample;
  return Math.round(clipped < 0 ? clipped * 32768 : clipped * 32767);
}
