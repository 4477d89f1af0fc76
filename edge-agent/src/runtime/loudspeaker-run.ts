// How the executor plays an item on a loudspeaker cluster: verified media from the cache (its bytes, when small), the
// amplifier on, then playAudio at the item's offset and volume. Abort is the executor's (design.md §9); the sink drops
// its buffer.
import { mediaOf } from '@tinnguon/protocol';
import type { AudioSink } from '../audio/audio-sink.js';
import type { VerifiedMedia } from '../cache/media-cache.js';
import { playAudio } from '../audio/play-audio.js';
import { AgentError } from '../errors.js';
import type { PlaybackRun, RunItem } from '../queue/playback-executor.js';
import type { AgentItem } from './agent-item.js';
import type { AmplifierControl } from './amplifier-control.js';
import { ensurePlayable, type PlayableSource } from './ensure-cached.js';

export interface LoudspeakerRunOptions {
  readonly cache: PlayableSource;
  readonly sink: AudioSink;
  readonly amplifier: AmplifierControl;
  readonly volume: () => number;
  readonly clock: { now(): number };
  readonly onFirstFrame?: (item: AgentItem, atMs: number, fromMs: number) => void;
  readonly onError: (err: unknown, context: string) => void;
}

/**
 * When position 0 of this play is due: the slot, plus the plays of it already done (repeats follow back to back).
 * Only scheduled priority and normal slots keep in step; an emergency is heard from its first word, however late
 * its first samples come (its slot is its arrival, and skipping its start-up could skip a short alert entirely).
 */
function inStep(item: AgentItem): { inStepAt?: number } {
  const done = item.repeat - item.remaining;
  if (item.kind !== 'bulletin' || item.priority === 'emergency' || (done > 0 && item.durationMs === undefined)) return {};
  return { inStepAt: item.slotAt + done * (item.durationMs ?? 0) };
}

export function loudspeakerRun(o: LoudspeakerRunOptions): RunItem<AgentItem> {
  return async (item, signal): Promise<PlaybackRun> => {
    const media = mediaOf(item.content)[0];
    if (media === undefined) throw new AgentError('AGENT_ERR_CONTENT_UNSUITABLE', `${item.content.kind} content on a loudspeaker`);
    let verified: VerifiedMedia;
    try {
      verified = await ensurePlayable(o.cache, media, signal);
    } catch (err) {
      if (signal.aborted) return { outcome: 'aborted', playedMs: 0 };
      throw err;
    }
    if (signal.aborted) return { outcome: 'aborted', playedMs: 0 };
    await o.amplifier.acquire();
    try {
      const result = await playAudio({
        file: verified.decoded ?? verified.bytes ?? verified.path,
        sink: o.sink,
        volume: o.volume(),
        signal,
        startOffsetMs: item.startOffsetMs ?? 0,
        ...inStep(item),
        clock: o.clock,
        ...(o.onFirstFrame === undefined ? {} : { onFirstFrame: (at: number, fromMs: number) => o.onFirstFrame?.(item, at, fromMs) }),
      });
      return { outcome: result.outcome, playedMs: result.playedMs };
    } finally {
      o.amplifier.release();
      o.cache.markUsed(media.sha256).catch((err: unknown) => o.onError(err, 'cache markUsed'));
    }
  };
}
