// WAV files for the attention-tone tests, built in memory with the hub's own writer.
import { pcmWav } from '../../../hub/src/attention-tone/index.js';

/** An 880 Hz sine, the shape of an operator's own beep. */
export function sineWav(ms: number, sampleRate = 22_050, channels = 1, amplitude = 12_000): Uint8Array {
  const frames = Math.round((ms * sampleRate) / 1000);
  const samples = new Int16Array(frames * channels);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 880 * Math.floor(i / channels)) / sampleRate));
  return pcmWav(samples, { sampleRate, channels });
}
