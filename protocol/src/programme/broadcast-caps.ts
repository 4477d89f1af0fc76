// Optional caps on how much an area broadcasts (issue 6: "caps per area, e.g. Hà Nội", whose communes limit the
// loudspeakers to a few sessions a day of bounded length). Set per area and device kind, inherited down the tree
// like the operating windows (Điều 10), and carried to the device in its manifest so both sides lay out alike.
import { Type, type Static } from '@sinclair/typebox';

export const MAX_SESSIONS_PER_DAY = 12;
export const MAX_MINUTES_PER_SESSION = 600;

/**
 * A session (buổi phát) is one operating window on one local day in which anything scheduled plays. Emergencies are
 * never capped and never count (Điều 8.1). An empty object is an explicit "no caps" that stops inheritance.
 */
export const BroadcastCaps = Type.Object(
  {
    /** At most this many windows of a local day hold scheduled content; later ones stay silent. */
    sessionsPerDay: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SESSIONS_PER_DAY })),
    /** What one window holds may not add up to more: all plays on a loudspeaker, one pass of slides on an LED board. */
    minutesPerSession: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MINUTES_PER_SESSION })),
  },
  { additionalProperties: false },
);
export type BroadcastCaps = Static<typeof BroadcastCaps>;

/** The caps that actually limit something; undefined when none does (absent, empty, or out of bounds). */
export function capsInForce(caps: BroadcastCaps | undefined): BroadcastCaps | undefined {
  if (caps === undefined) return undefined;
  const within = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
  // A manifest is validated before use, but the programme must stay total and deterministic on any input.
  const out: { sessionsPerDay?: number; minutesPerSession?: number } = {};
  if (within(caps.sessionsPerDay, MAX_SESSIONS_PER_DAY)) out.sessionsPerDay = caps.sessionsPerDay;
  if (within(caps.minutesPerSession, MAX_MINUTES_PER_SESSION)) out.minutesPerSession = caps.minutesPerSession;
  return out.sessionsPerDay === undefined && out.minutesPerSession === undefined ? undefined : out;
}
