// Test clocks for the programme: real-rate time that reads a chosen local time in Asia/Ho_Chi_Minh (UTC+7, no DST).
export const LOCAL_OFFSET_MS = 7 * 3600_000;

/** A clock that reads hh:mm:ss local time today, then runs at the real rate. */
export function shiftedTo(hh: number, mm: number, ss: number): () => number {
  const realNow = Date.now();
  const localMidnight = Math.floor((realNow + LOCAL_OFFSET_MS) / 86_400_000) * 86_400_000 - LOCAL_OFFSET_MS;
  const delta = localMidnight + ((hh * 60 + mm) * 60 + ss) * 1000 - realNow;
  return () => Date.now() + delta;
}

export function localClock(at: number): string {
  return new Date(at + LOCAL_OFFSET_MS).toISOString().slice(11, 19);
}
