// The agent's audio path: decoders, playAudio, sinks and the amplifier. main.ts picks the real or virtual parts.

export type { AudioClock, AudioFormat, AudioSink, PcmChunk } from './audio-sink.js';
export { framesToMs, systemClock } from './audio-sink.js';
export type { AudioContainer } from './audio-file.js';
export { decodeAudioStream, openAudioFile, sniffAudio } from './audio-file.js';
export { activeMp3Decoders, decodeMp3Stream, warmMp3Decoding } from './mp3-decoder.js';
export type { Mp3Decoder, Mp3DecoderPoolOptions, Mp3DecoderPoolStats } from './mp3-decoder-pool.js';
export { Mp3DecoderPool, sharedMp3Decoders } from './mp3-decoder-pool.js';
export { decodeWavStream } from './wav-decoder.js';
export type { WavHeader } from './wav-format.js';
export { parseWavHeader, wavHeader } from './wav-format.js';
export { applyGain, volumeToGain } from './gain.js';
export type { PlayAudioOptions, PlayOutcome, PlayResult } from './play-audio.js';
export { playAudio } from './play-audio.js';
export type { VirtualPlayback, VirtualSinkOptions, VirtualSinkTimer, VirtualWrite } from './virtual-sink.js';
export { VirtualSink, systemTimer } from './virtual-sink.js';
export { WavFileSink } from './wav-file-sink.js';
export type { SpeakerSinkOptions } from './speaker-sink.js';
export { SPEAKER_WORKER_PATH, SpeakerSink } from './speaker-sink.js';
export type { Amplifier, AmplifierState, AmplifierTransition } from './amplifier.js';
export { VirtualAmplifier } from './amplifier.js';
export type { SysfsGpioAmplifierOptions } from './sysfs-gpio-amplifier.js';
export { SysfsGpioAmplifier, gpioValuePath } from './sysfs-gpio-amplifier.js';
