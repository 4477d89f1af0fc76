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

/** Scales `pcm` in place, saturating at the 16-bit limits rather than wrapping around (a wrap is a loud click).
 *  Rounds half away from zero, like floatToInt16. */
export function applyGain(pcm: Int16Array, gain: number): Int16Array {
  if (gain === 1) return pcm;
  if (gain === 0) return pcm.fill(0);
  if (gain > 0 && gain < 1) return attenuate(pcm, gain);
  for (let i = 0; i < pcm.length; i++) {
    const scaled = (pcm[i] as number) * gain;
    pcm[i] = scaled >= 32767 ? 32767 : scaled <= -32768 ? -32768 : Math.trunc(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  }
  return pcm;
}

/** applyGain below unity, as every volume but 100 is: |sample × gain| < 32768 cannot saturate, and storing into an
 *  Int16Array truncates toward zero as Math.trunc does, so this is the same rounding without a clamp or a call per
 *  sample (a third less CPU for the emergency's tone on a Pi, issue 8). */
function attenuate(pcm: Int16Array, gain: number): Int16Array {
  for (let i = 0; i < pcm.length; i++) {
    const scaled = (pcm[i] as number) * gain;
    pcm[i] = scaled < 0 ? scaled - 0.5 : scaled + 0.5;
  }
  return pcm;
}

/**
 * Float samples in [-1, 1] (the decoder's output) to 16-bit, clipping anything an MP3 overshoot puts beyond. Rounds
 * half away from zero with Math.trunc: symmetric, and Math.round made this (called for every sample) the costliest
 * JavaScript in decoding music (issue 8: ≥ 200× real time).
 */
export function floatToInt16(sample: number): number {
  if (sample >= 1) return 32767;
  if (sample <= -1) return -32768;
  return sample < 0 ? Math.trunc(sample * 32768 - 0.5) : Math.trunc(sample * 32767 + 0.5);
}
