// Reconciling the media cache to the manifest (design.md §4), decided by a pure planner: what to download, keep, pin
// and evict, and what cannot fit. The executor (MediaCache) only carries the steps out.
import { PRIORITY_RANK, type MediaRef, type Priority } from '@tinnguon/protocol';

export interface NeededMedia {
  readonly media: MediaRef;
  /** The most urgent bulletin that uses it. */
  readonly priority: Priority;
  /** When it is first needed (UTC ms): its earliest slot. */
  readonly neededBy: number;
}

export interface PresentFile {
  readonly sha256: string;
  readonly bytes: number;
  readonly lastUsedAt: number;
}

/** A `<sha>.part` left by an interrupted download. */
export interface PartialFile {
  readonly sha256: string;
  readonly bytes: number;
}

export interface CachePlanInput {
  readonly needed: readonly NeededMedia[];
  /** Always held: the attention tone played before emergencies (design.md §5). */
  readonly pinned: readonly MediaRef[];
  /** sha256 of media in use by what is playing now. */
  readonly playing: readonly string[];
  readonly present: readonly PresentFile[];
  readonly partial?: readonly PartialFile[];
  readonly freeBytes: number;
  /** Free space the cache must leave to the rest of the system (logs, journal, OS updates). */
  readonly reserveBytes: number;
}

export interface DownloadStep {
  readonly media: MediaRef;
  readonly pinned: boolean;
  readonly priority: Priority;
  readonly neededBy: number;
  /** Bytes already in `<sha>.part`, fetched with an HTTP Range request. */
  readonly resumeFrom: number;
}

export type EvictReason = 'unneeded' | 'lessNeeded' | 'abandonedPart' | 'reserve';

export interface EvictStep {
  readonly sha256: string;
  readonly bytes: number;
  /** The `.part` file rather than the cached file. */
  readonly partial: boolean;
  readonly reason: EvictReason;
}

export interface RefusedStep {
  readonly media: MediaRef;
  readonly code: 'AGENT_ERR_DISK_FULL';
  /** How much more space it would take, even after every permitted eviction. */
  readonly shortBytes: number;
}

export interface CachePlan {
  /** Most needed first: pinned, then by priority (emergency first), then the earliest needed. */
  readonly download: DownloadStep[];
  readonly keep: string[];
  readonly pin: string[];
  /** In the order to delete. */
  readonly evict: EvictStep[];
  readonly refused: RefusedStep[];
}

interface Wanted {
  readonly media: MediaRef;
  readonly pinned: boolean;
  readonly priority: Priority;
  readonly neededBy: number;
}

function byNeed(a: Wanted, b: Wanted): number {
  return (
    Number(b.pinned) - Number(a.pinned) ||
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    a.neededBy - b.neededBy ||
    (a.media.sha256 < b.media.sha256 ? -1 : a.media.sha256 > b.media.sha256 ? 1 : 0)
  );
}

/** One entry per sha256, at its most urgent use. */
function wantedList(input: CachePlanInput): Wanted[] {
  const wanted = new Map<string, Wanted>();
  const add = (w: Wanted): void => {
    const had = wanted.get(w.media.sha256);
    if (had === undefined || byNeed(w, had) < 0) wanted.set(w.media.sha256, w);
  };
  for (const media of input.pinned) add({ media, pinned: true, priority: 'emergency', neededBy: 0 });
  for (const n of input.needed) add({ ...n, pinned: false });
  return [...wanted.values()].sort(byNeed);
}

export function planCache(input: CachePlanInput): CachePlan {
  const wanted = wantedList(input);
  const wantedShas = new Set(wanted.map((w) => w.media.sha256));
  const playing = new Set(input.playing);
  const present = new Map(input.present.map((p) => [p.sha256, p]));
  const partial = new Map((input.partial ?? []).map((p) => [p.sha256, p]));
  const plan: CachePlan = { download: [], keep: [], pin: [], evict: [], refused: [] };
  const evicted = new Set<string>();
  let avail = input.freeBytes - input.reserveBytes;

  const evict = (file: PresentFile | PartialFile, isPart: boolean, reason: EvictReason): void => {
    plan.evict.push({ sha256: file.sha256, bytes: file.bytes, partial: isPart, reason });
    if (!isPart) evicted.add(file.sha256);
    avail += file.bytes;
  };

  // A part nobody wants any more is only wasted space.
  for (const part of partial.values()) {
    const media = wanted.find((w) => w.media.sha256 === part.sha256)?.media;
    if (media === undefined || part.bytes > media.bytes || present.has(part.sha256)) evict(part, true, 'abandonedPart');
  }

  // Least needed first: files no bulletin needs, oldest last use first. Never pinned or playing.
  const unneeded = [...present.values()]
    .filter((p) => !wantedShas.has(p.sha256) && !playing.has(p.sha256))
    .sort((a, b) => a.lastUsedAt - b.lastUsedAt || (a.sha256 < b.sha256 ? -1 : 1));

  wanted.forEach((w, index) => {
    const sha = w.media.sha256;
    if (present.has(sha) && !evicted.has(sha)) {
      (w.pinned ? plan.pin : plan.keep).push(sha);
      return;
    }
    const part = plan.evict.some((e) => e.partial && e.sha256 === sha) ? 0 : (partial.get(sha)?.bytes ?? 0);
    const need = w.media.bytes - part;
    if (need > avail) {
      // Then files needed only by what is less needed than this one, least needed first.
      const lessNeeded = wanted
        .slice(index + 1)
        .reverse()
        .flatMap((l) => {
          const file = present.get(l.media.sha256);
          return file !== undefined && !l.pinned && !playing.has(file.sha256) && !evicted.has(file.sha256) ? [file] : [];
        });
      const pool = [
        ...unneeded.filter((f) => !evicted.has(f.sha256)).map((f) => ({ f, reason: 'unneeded' as const })),
        ...lessNeeded.map((f) => ({ f, reason: 'lessNeeded' as const })),
      ];
      const reachable = avail + pool.reduce((sum, { f }) => sum + f.bytes, 0);
      if (need > reachable) {
        plan.refused.push({ media: w.media, code: 'AGENT_ERR_DISK_FULL', shortBytes: need - reachable });
        return;
      }
      for (const { f, reason } of pool) {
        if (need <= avail) break;
        evict(f, false, reason);
      }
    }
    avail -= need;
    plan.download.push({ media: w.media, pinned: w.pinned, priority: w.priority, neededBy: w.neededBy, resumeFrom: part });
  });

  for (const sha of playing) {
    if (present.has(sha) && !wantedShas.has(sha)) plan.keep.push(sha);
  }
  // Give the reserve back if the disk filled up from elsewhere.
  for (const f of unneeded) {
    if (avail >= 0) break;
    if (!evicted.has(f.sha256)) evict(f, false, 'reserve');
  }
  return plan;
}
