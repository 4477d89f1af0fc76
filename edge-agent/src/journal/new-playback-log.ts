// A playback-log entry before the journal gives it its per-device sequence number (design.md §8).
import type { PlaybackLog } from '@tinnguon/protocol';

export type NewPlaybackLog = Omit<PlaybackLog, 'seq'>;

/** Where the executor and others write playback events; the Journal implements it. */
export interface PlaybackRecorder {
  /** Resolves once the entry is durable. */
  append(entry: NewPlaybackLog): Promise<unknown>;
}
