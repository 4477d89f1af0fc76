// The agent's LED path: pure rendering (browser.ts) plus PNG codecs and the drivers, which need Node.
export * from './browser.js';
export { encodePng } from './png-encode.js';
export { decodePng, MAX_PNG_PIXELS } from './png-decode.js';
export { createPngImageSource } from './image-source.js';
export type { LedSink } from './led-sink.js';
export { PngSnapshotSink } from './png-snapshot-sink.js';
export type { PngSnapshotSinkOptions, SnapshotFiles, SnapshotTimers } from './png-snapshot-sink.js';
export { RpiLedMatrixSink } from './rpi-led-matrix-sink.js';
export type { RpiLedMatrixSinkOptions } from './rpi-led-matrix-sink.js';
export type { RpiMatrixConfig } from './rpi-led-matrix-protocol.js';
export { isRaspberryPi } from './raspberry-pi.js';
export { chooseLedSink, hasRpiLedMatrix } from './choose-led-sink.js';
export type { ChooseLedSinkDeps, LedDriverName, LedSinkConfig, SnapshotLedSink } from './choose-led-sink.js';
