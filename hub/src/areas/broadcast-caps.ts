// Caps per area and device kind (issue 6: "caps per area, e.g. Hà Nội"): at most N sessions a day, at most M minutes
// a session. The wire contract and the layout rules are the protocol's (protocol/src/programme); this checks what an
// official sends, with a message saying which field is wrong.
import { MAX_MINUTES_PER_SESSION, MAX_SESSIONS_PER_DAY, type BroadcastCaps } from '@tinnguon/protocol';
import { HubError } from '../errors.js';

export type { BroadcastCaps };

const LIMITS = {
  sessionsPerDay: { max: MAX_SESSIONS_PER_DAY, vi: 'số buổi phát mỗi ngày' },
  minutesPerSession: { max: MAX_MINUTES_PER_SESSION, vi: 'số phút mỗi buổi phát' },
} as const;
type CapField = keyof typeof LIMITS;

function isCapField(key: string): key is CapField {
  return Object.hasOwn(LIMITS, key);
}

function invalid(detail: string): HubError {
  return new HubError('HUB_ERR_CAPS_INVALID', detail);
}

/**
 * Checks caps as sent and returns them with only the fields given. `{}` is valid: an explicit "no caps" for this
 * area and its subtree, where `null` at the API (no override) inherits. Throws HUB_ERR_CAPS_INVALID.
 */
export function validateCaps(caps: unknown): BroadcastCaps {
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) {
    throw invalid('caps must be an object { sessionsPerDay?, minutesPerSession? }');
  }
  const out: { -readonly [K in CapField]?: number } = {};
  for (const [key, value] of Object.entries(caps)) {
    if (!isCapField(key)) throw invalid(`unknown field ${JSON.stringify(key)}; only sessionsPerDay and minutesPerSession`);
    if (value === undefined) continue;
    const { max, vi } = LIMITS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      throw invalid(`${key} (${vi}) must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
    }
    out[key] = value;
  }
  return out;
}
