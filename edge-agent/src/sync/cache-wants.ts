// What the cache must hold for a manifest (design.md §4): every medium of every bulletin this device can play, each
// needed by its earliest slot (emergencies: now), and the attention tone pinned (design.md §5). Pure.
import { contentSuitsDevice, mediaOf, PRIORITY_RANK, type Manifest, type MediaRef } from '@tinnguon/protocol';
import type { CacheWants } from '../cache/media-cache.js';
import type { NeededMedia } from '../cache/plan-cache.js';

export interface SlotStart {
  readonly bulletinId: string;
  readonly startAt: number;
}

export function cacheWants(manifest: Manifest, slots: readonly SlotStart[], now: number, playing: readonly string[], recalled: ReadonlySet<string> = new Set()): CacheWants {
  const firstSlot = new Map<string, number>();
  for (const slot of slots) firstSlot.set(slot.bulletinId, Math.min(firstSlot.get(slot.bulletinId) ?? Infinity, slot.startAt));
  const needed = new Map<string, NeededMedia>();
  for (const bulletin of manifest.bulletins) {
    if (bulletin.validUntil <= now || recalled.has(bulletin.bulletinId) || manifest.recalled.includes(bulletin.bulletinId)) continue;
    if (!contentSuitsDevice(bulletin.content.kind, manifest.kind)) continue;
    const neededBy = bulletin.priority === 'emergency' ? now : (firstSlot.get(bulletin.bulletinId) ?? Math.max(now, bulletin.validFrom));
    for (const media of mediaOf(bulletin.content)) {
      const seen = needed.get(media.sha256);
      const more =
        seen === undefined ||
        PRIORITY_RANK[bulletin.priority] < PRIORITY_RANK[seen.priority] ||
        (bulletin.priority === seen.priority && neededBy < seen.neededBy);
      if (more) needed.set(media.sha256, { media, priority: bulletin.priority, neededBy });
    }
  }
  const pinned: MediaRef[] = manifest.attentionTone !== undefined && manifest.kind === 'loudspeaker' ? [manifest.attentionTone] : [];
  return { needed: [...needed.values()], pinned, playing };
}
