// The cache half of a sync (design.md §4): what the manifest and the programme need, minus what is in use, through
// the media gate; a file that cannot be fetched or does not fit is logged once per file and cause, not per doorbell.
import type { Manifest } from '@tinnguon/protocol';
import type { PlaybackRecorder } from '../journal/new-playback-log.js';
import { cacheWants, type SlotStart } from '../sync/cache-wants.js';
import type { MediaGate } from './media-gate.js';

export interface ReconcileCacheInput {
  readonly manifest: Manifest;
  readonly slots: readonly SlotStart[];
  readonly now: number;
  /** Media of what plays, is paused or queued: never evicted under it. */
  readonly inUse: readonly string[];
  readonly recalled: ReadonlySet<string>;
  readonly media: MediaGate;
  readonly journal: PlaybackRecorder;
  /** `sha:code` already logged; the caller keeps it across syncs. */
  readonly logged: Set<string>;
  readonly onError: (err: unknown, context: string) => void;
}

export async function reconcileCache(o: ReconcileCacheInput, signal: AbortSignal): Promise<void> {
  const wants = cacheWants(o.manifest, o.slots, o.now, o.inUse, o.recalled);
  const report = await o.media.reconcile(wants, signal);
  for (const sha of report.downloaded) for (const key of o.logged) if (key.startsWith(sha)) o.logged.delete(key);
  const faults = [...report.failed.map((f) => ({ sha: f.sha256, code: f.code })), ...report.refused.map((r) => ({ sha: r.sha256, code: 'AGENT_ERR_DISK_FULL' as const }))];
  for (const { sha, code } of faults) {
    if (o.logged.has(`${sha}:${code}`)) continue;
    o.logged.add(`${sha}:${code}`);
    o.journal
      .append({ at: o.now, event: 'fault', reason: code, detail: `Chưa tải được tệp ${sha.slice(0, 12)}… vào bộ nhớ đệm` })
      .catch((err: unknown) => o.onError(err, 'journal (cache)'));
  }
}
