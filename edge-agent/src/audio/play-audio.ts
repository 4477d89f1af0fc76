// Plays one media file (or a byte stream still downloading) through a sink: decode → volume → sink. The preemption
// executor owns the AbortSignal (design.md §9); aborting silences the sink at once and reports where playback got
// to, so the rule table can resume, restart or drop the interrupted item.

import { AgentError, isAgentError } from '../errors.js';
import { abortedError } from './abortable.js';
import { decodeAudioStream, openAudioFile } from './audio-file.js';
import { framesToMs, systemClock } from './audio-sink.js';
import type { AudioClock, AudioFormat, AudioSink, PcmChunk } from './audio-sink.js';
import { isDecodedAudio, type DecodedAudio } from './decoded-audio.js';
import { applyGain, volumeToGain } from './gain.js';

/** Longest block handed to the sink at once: bounds how much audio a single write commits to. */
const MAX_WRITE_MS = 100;
/**
 * How far behind `inStepAt` a start may be and still catch up by skipping: the start-up of one play (cache open,
 * decoder warm-up, a busy CPU) takes milliseconds to tens of them. A start later than this was held back on purpose
 * (queued behind an emergency, resumed after one) and plays from `startOffsetMs` as the rule table decided.
 */
export const MAX_CATCH_UP_MS = 1000;

export interface PlayAudioOptions {
  /** A cached media path, the whole verified content, the bytes of MP3/WAV as they arrive, or audio decoded once and
   *  held (the pinned tone; never changed: each block is copied before its volume is applied). */
  readonly file: string | Uint8Array | AsyncIterable<Uint8Array> | DecodedAudio;
  readonly sink: AudioSink;
  /** 0–100, applied to the samples (linear: 50 halves the amplitude). */
  readonly volume: number;
  readonly signal: AbortSignal;
  /** Audio to skip first, so an item that starts late ends on time (domain.md: "start late items at the offset"). */
  readonly startOffsetMs?: number;
  /**
   * `clock` time at which position 0 of the media is due (a scheduled slot). Measured just before the first samples
   * go to the sink, a start up to MAX_CATCH_UP_MS behind it skips that much more, so that the speakers of one area stay in
   * step however long each took to start (issue 6: echo is heard above about 40 ms).
   */
  readonly inStepAt?: number;
  readonly clock?: AudioClock;
  /** Called once, with `clock.now()` and the position in the media, just before the first samples go to the sink:
   *  the proof-of-play start time. */
  readonly onFirstFrame?: (atMs: number, fromMs: number) => void;
}

export type PlayOutcome = 'completed' | 'aborted';

export interface PlayResult {
  readonly outcome: PlayOutcome;
  /** Audio the sink accepted during this call. After an abort, up to the sink's own lead of it went unheard. */
  readonly playedMs: number;
  /** Where to resume in the file: startOffsetMs + playedMs. */
  readonly positionMs: number;
}

/**
 * Resolves `completed` after the sink has played everything, or `aborted` (never rejects) once `signal` aborts or the
 * sink is stopped by someone else. Rejects with AGENT_ERR_AUDIO_REQUEST_INVALID, AGENT_ERR_MEDIA_MISSING,
 * AGENT_ERR_DECODE or AGENT_ERR_AUDIO_DRIVER. The decoder is released and the sink closed however it ends.
 */
export async function playAudio(options: PlayAudioOptions): Promise<PlayResult> {
  const { sink, signal, onFirstFrame } = options;
  const gain = volumeToGain(options.volume);
  const startOffsetMs = options.startOffsetMs ?? 0;
  if (!Number.isFinite(startOffsetMs) || startOffsetMs < 0) {
    throw new AgentError('AGENT_ERR_AUDIO_REQUEST_INVALID', `startOffsetMs ${String(startOffsetMs)}`);
  }
  const clock = options.clock ?? systemClock;
  let playedMs = 0;
  let skippedMs = startOffsetMs;
  const result = (outcome: PlayOutcome): PlayResult => ({ outcome, playedMs, positionMs: skippedMs + playedMs });
  if (signal.aborted) return result('aborted');

  let opened = false;
  let format: AudioFormat | undefined;
  /** Decoded frames dropped before the first write, to begin at `skippedMs`. */
  let droppedFrames = 0;
  let started = false;
  const stopOnAbort = (): void => {
    if (opened) sink.stop();
  };
  signal.addEventListener('abort', stopOnAbort, { once: true });
  const { file } = options;
  const shared = isDecodedAudio(file);
  const chunks: AsyncIterable<PcmChunk> | Iterable<PcmChunk> =
    typeof file === 'string' ? openAudioFile(file, signal) : shared ? file.decoded : decodeAudioStream(file, signal);
  // Where to begin is decided with no await left before the first write, so a stall after the decision (opening the
  // sink, decoding, a busy event loop) is skipped too rather than heard as a late start. Until a chunk is written it
  // is decided again, and never goes back over audio already dropped.
  const dropToStart = (pcm: Int16Array, channels: number, sampleRate: number): Int16Array => {
    skippedMs = Math.max(framesToMs(droppedFrames, sampleRate), catchUp(startOffsetMs, options.inStepAt, clock.now()));
    const skip = Math.min(pcm.length / channels, Math.max(0, Math.round((skippedMs * sampleRate) / 1000) - droppedFrames));
    droppedFrames += skip;
    return pcm.subarray(skip * channels);
  };
  try {
    for await (const chunk of chunks) {
      const { channels, sampleRate } = chunk;
      let samples = started ? chunk.pcm : dropToStart(chunk.pcm, channels, sampleRate);
      if (samples.length === 0) continue;
      if (format?.sampleRate !== sampleRate || format.channels !== channels) {
        // mpg123 reports a new format mid-stream when files of different rates were concatenated (a jingle, then
        // speech): finish the old stream and reopen rather than play at the wrong speed.
        if (opened) await sink.close();
        opened = true; // before awaiting, so an abort during open still stops the sink
        format = { sampleRate, channels };
        await sink.open(format);
        if (!started) samples = dropToStart(samples, channels, sampleRate);
        if (samples.length === 0) continue;
      }
      const step = Math.max(1, Math.round((sampleRate * MAX_WRITE_MS) / 1000)) * channels;
      for (let at = 0; at < samples.length; at += step) {
        if (signal.aborted) throw abortedError(signal);
        // Volume per block, just before it goes out: a chunk can be a whole file (a cached tone, a WAV), and the
        // first sound must not wait for the last second to be scaled (issue 8, `preempt`).
        const block = applyGain(shared ? samples.slice(at, at + step) : samples.subarray(at, at + step), gain);
        if (!started) {
          started = true;
          onFirstFrame?.(clock.now(), skippedMs);
        }
        await sink.write(block, signal);
        playedMs += framesToMs(block.length / channels, sampleRate);
      }
    }
    if (signal.aborted) throw abortedError(signal);
    if (opened) await sink.close();
    opened = false;
    // An abort during the final drain cut off the sink's last buffered audio: the listener did not hear the end.
    return result(signal.aborted ? 'aborted' : 'completed');
  } catch (err) {
    const aborted = signal.aborted || isAgentError(err, 'AGENT_ERR_ABORTED');
    if (opened) {
      sink.stop();
      await closeQuietly(sink);
    }
    if (aborted) return result('aborted');
    if (err instanceof AgentError) throw err;
    throw new AgentError('AGENT_ERR_AUDIO_DRIVER', err instanceof Error ? err.message : String(err), { cause: err });
  } finally {
    signal.removeEventListener('abort', stopOnAbort);
  }
}

/** Where to begin: the planned offset, or further on when the start is a little behind the slot. */
export function catchUp(startOffsetMs: number, inStepAt: number | undefined, now: number): number {
  if (inStepAt === undefined) return startOffsetMs;
  const due = now - inStepAt;
  return due > startOffsetMs && due - startOffsetMs <= MAX_CATCH_UP_MS ? due : startOffsetMs;
}

async function closeQuietly(sink: AudioSink): Promise<void> {
  try {
    await sink.close();
  } catch {
    // The failure that brought us here is the one worth reporting.
  }
}
