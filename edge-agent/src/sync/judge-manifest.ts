// Whether a verified manifest replaces the one in force (design.md §4). Versions only go up: an older manifest —
// a stale cache, a replayed response, a hub restored from an old backup — must never bring back a recalled bulletin.
import type { Manifest } from '@tinnguon/protocol';
import type { AgentErrorCode } from '../errors.js';

export type ManifestDecision =
  | { readonly action: 'accept' }
  /** The version in force, fetched again: nothing changes, but the cache is still reconciled. */
  | { readonly action: 'same' }
  | { readonly action: 'refuse'; readonly code: AgentErrorCode; readonly detail: string };

export function judgeManifest(current: Manifest | undefined, incoming: Manifest, deviceId: string): ManifestDecision {
  if (incoming.deviceId !== deviceId) {
    return { action: 'refuse', code: 'AGENT_ERR_VERIFY', detail: `manifest is for ${incoming.deviceId}, not ${deviceId}` };
  }
  if (current === undefined || incoming.version > current.version) return { action: 'accept' };
  if (incoming.version === current.version) return { action: 'same' };
  return { action: 'refuse', code: 'AGENT_ERR_MANIFEST_STALE', detail: `version ${incoming.version} < ${current.version} in force` };
}
