// The hub's default attention tone (design.md §5: "a pinned attention tone is always in the cache"): a rising
// three-note chime, C5–E5–G5, the public-address "ding-dong-ding" that asks people to listen without sounding like a
// siren, so the emergency's own words carry the alarm. Pure and bit-exact: the same bytes, so the same SHA-256, on
// every start and every machine, and no device downloads it twice.
//
// ECMAScript lets Math.sin and Math.exp vary between engines and versions (ECMA-262 §21.3.2: "implementation-
// approximated"), so a Node upgrade could change the bytes. The oscillators here use only +, −, × and ÷, which IEEE 754
// rounds exactly, with sine and decay steps from fixed-length series.
import { pcmWav } from './pcm-wav.js';

/** 16 kHz mono: a chime's partials (≤ 2.4 kHz) fit, as does a horn loudspeaker's range, at 64 KB a device. */
export const CHIME_SAMPLE_RATE = 16_000;
export const CHIME_DURATION_MS = 2_000;

interface Note {
  readonly startMs: number;
  readonly hz: number;
}

interface Partial {
  readonly multiple: number;
  readonly level: number;
  /** Time for the partial to fall to 1/e: upper partials die first, as on a struck bar. */
  readonly decaySec: number;
}

// Equal-tempered C5, E5, G5, rounded to whole hertz (inaudible, and keeps the table exact).
const NOTES: readonly Note[] = [
  { startMs: 0, hz: 523 },
  { startMs: 420, hz: 659 },
  { startMs: 840, hz: 784 },
];
const PARTIALS: readonly Partial[] = [
  { multiple: 1, level: 1, decaySec: 0.5 },
  { multiple: 2, level: 0.3, decaySec: 0.25 },
  { multiple: 3, level: 0.1, decaySec: 0.15 },
];
/** A few ms of rise: an instant onset clicks on a loudspeaker. */
const ATTACK_MS = 6;
/** The last note is cut to silence over this span so the file ends on a zero sample, without a click. */
const FADE_OUT_MS = 80;
/** −3 dBFS: loud at the device's own volume, with headroom for the agent's gain stage. */
const PEAK = 0.7071;

/** The default tone as a complete 16-bit PCM mono WAV file. */
export function generateChime(): Uint8Array {
  const rate = CHIME_SAMPLE_RATE;
  const frames = (CHIME_DURATION_MS * rate) / 1000;
  const mix = new Float64Array(frames);
  for (const note of NOTES) {
    const start = (note.startMs * rate) / 1000;
    for (const partial of PARTIALS) addPartial(mix, start, (note.hz * partial.multiple) / rate, partial, rate);
  }
  const fade = (FADE_OUT_MS * rate) / 1000;
  for (let i = 0; i < fade; i++) mix[frames - 1 - i]! *= i / fade;
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const scale = (PEAK * 32767) / peak;
  const samples = new Int16Array(frames);
  for (let i = 0; i < frames; i++) samples[i] = Math.round(mix[i]! * scale);
  return pcmWav(samples, { sampleRate: rate, channels: 1 });
}

/** A decaying sine from `start` to the end, by rotating a unit phasor: no transcendental call per sample. */
function addPartial(mix: Float64Array, start: number, cyclesPerSample: number, partial: Partial, rate: number): void {
  const step = 2 * Math.PI * cyclesPerSample;
  const stepCos = cosSeries(step);
  const stepSin = sinSeries(step);
  const decay = expSeries(-1 / (partial.decaySec * rate));
  const attack = (ATTACK_MS * rate) / 1000;
  let re = 1;
  let im = 0;
  let level = partial.level;
  for (let n = 0; start + n < mix.length; n++) {
    const rise = n < attack ? n / attack : 1;
    mix[start + n]! += level * rise * im;
    const nextRe = re * stepCos - im * stepSin;
    im = re * stepSin + im * stepCos;
    re = nextRe;
    level *= decay;
  }
}

// Taylor series summed for a fixed number of terms: |x| ≤ π here, where 24 terms are exact to the last bit.
const TERMS = 24;

function sinSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < TERMS; k++) {
    term *= -(x * x) / ((2 * k) * (2 * k + 1));
    sum += term;
  }
  return sum;
}

function cosSeries(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < TERMS; k++) {
    term *= -(x * x) / ((2 * k - 1) * (2 * k));
    sum += term;
  }
  return sum;
}

function expSeries(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < TERMS; k++) {
    term *= x / k;
    sum += term;
  }
  return sum;
}
