// Records the browser's microphone as PCM (issue 9: "audio recorded from the browser microphone, converted on the
// hub"): MediaRecorder captures, Web Audio decodes the capture to samples and resamples it to 16 kHz mono — speech
// needs no more, and the upload stays small on a 4G phone (32 KB a second). The hub turns the WAV into MP3.
import { encodeWav } from './wav-encode.js';

export const RECORDING_SAMPLE_RATE = 16_000;
/** The hub refuses longer recordings (HUB_ERR_RECORDING_TOO_LONG); stopping here avoids a wasted upload. */
export const MAX_RECORDING_MS = 10 * 60_000;

export interface Recording {
  readonly wav: Blob;
  readonly samples: Float32Array;
  readonly durationMs: number;
}

export class MicRecorder {
  #stream: MediaStream | undefined;
  #recorder: MediaRecorder | undefined;
  #chunks: Blob[] = [];
  #startedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get recording(): boolean {
    return this.#recorder?.state === 'recording';
  }

  get elapsedMs(): number {
    return this.recording ? performance.now() - this.#startedAt : 0;
  }

  /** Asks for the microphone (the browser's own prompt) and starts; `onLimit` fires if the limit stops it. */
  async start(onLimit?: () => void): Promise<void> {
    if (this.recording) return;
    this.#stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    this.#chunks = [];
    const recorder = new MediaRecorder(this.#stream);
    recorder.addEventListener('dataavailable', (e) => {
      if (e.data.size > 0) this.#chunks.push(e.data);
    });
    this.#recorder = recorder;
    recorder.start(250);
    this.#startedAt = performance.now();
    this.#timer = setTimeout(() => onLimit?.(), MAX_RECORDING_MS);
  }

  /** Stops, releases the microphone and returns the take as 16 kHz mono WAV. */
  async stop(): Promise<Recording> {
    const recorder = this.#recorder;
    if (recorder === undefined) throw new Error('not recording');
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const stopped = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
    if (recorder.state !== 'inactive') recorder.stop();
    await stopped;
    this.release();
    const captured = new Blob(this.#chunks, { type: recorder.mimeType });
    const samples = await toMono16k(await captured.arrayBuffer());
    return { wav: new Blob([encodeWav(samples, RECORDING_SAMPLE_RATE)], { type: 'audio/wav' }), samples, durationMs: (samples.length / RECORDING_SAMPLE_RATE) * 1000 };
  }

  /** Lets go of the microphone (leaving the screen mid-take): the browser's recording indicator goes off. */
  release(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#recorder?.state === 'recording') this.#recorder.stop();
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = undefined;
    this.#recorder = undefined;
  }
}

async function toMono16k(encoded: ArrayBuffer): Promise<Float32Array> {
  const decoder = new AudioContext();
  try {
    const decoded = await decoder.decodeAudioData(encoded);
    const frames = Math.max(1, Math.ceil(decoded.duration * RECORDING_SAMPLE_RATE));
    // The offline context mixes every channel down to one and resamples with the browser's own filter.
    const offline = new OfflineAudioContext(1, frames, RECORDING_SAMPLE_RATE);
    const source = offline.createBufferSource();
    source.buffer = decoded;
    source.connect(offline.destination);
    source.start();
    return (await offline.startRendering()).getChannelData(0);
  } finally {
    await decoder.close();
  }
}
