// The attention tone played before every emergency (design.md §5): the default chime, checks on an operator's own
// file, and the start-up step that stores it and hands its MediaRef to the Dispatcher.
export { CHIME_DURATION_MS, CHIME_SAMPLE_RATE, generateChime } from './chime.js';
export type { CheckedTone, ToneLimits } from './check-tone.js';
export { MAX_TONE_FILE_BYTES, TONE_LIMITS, checkAttentionTone } from './check-tone.js';
export type { InstallToneDeps, ToneChoice, ToneFiles } from './install-attention-tone.js';
export { TONE_DEFAULT, TONE_OFF, installAttentionTone, nodeToneFiles, toneChoice } from './install-attention-tone.js';
export type { PcmFormat } from './pcm-wav.js';
export { pcmWav } from './pcm-wav.js';
