// When sound starts on a raw device, which runs none of the agent's code: the same rule as the agents mode's verdict
// ("the first audio of the emergency on each device"). With a pinned attention tone in the manifest (design.md §5;
// the hub installs its 2 s chime by default), an agent starts the tone from memory as soon as the verified message
// arrives (`preempt`, tone path: p99 2.9 ms) and fetches the speech while it sounds; so sound starts at the message,
// and the speech is late only if it is still downloading when the tone ends, which leaves a silence, reported here.
// Without a tone, sound starts when the speech is fetched. Pure.

export interface RawAudioStart {
  /** Per device, ms from t0 to its first sound; sorted; devices without it are left out. */
  readonly audioStart: number[];
  readonly verdictOn: string;
  /** Devices whose speech arrived after their tone ended: a silence between the two (empty without a tone). */
  readonly silences: number[];
  readonly devicesWithoutSound: number;
}

const settled = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/**
 * `arrivals[i]` and `fetched[i]` are device i's urgent message and finished speech download on the t0 clock (NaN:
 * not yet; −1: the download failed). `toneMs` is the manifest's attention tone, undefined when it names none.
 */
export function rawAudioStart(arrivals: readonly number[], fetched: readonly number[], t0: number, toneMs: number | undefined): RawAudioStart {
  const audioStart: number[] = [];
  const silences: number[] = [];
  arrivals.forEach((arrival, i) => {
    const speech = fetched[i];
    if (toneMs === undefined) {
      if (settled(speech)) audioStart.push(speech - t0);
      return;
    }
    if (!settled(arrival)) return;
    audioStart.push(arrival - t0);
    if (settled(speech) && speech > arrival + toneMs) silences.push(speech - (arrival + toneMs));
  });
  audioStart.sort((a, b) => a - b);
  silences.sort((a, b) => a - b);
  return {
    audioStart,
    silences,
    devicesWithoutSound: arrivals.length - audioStart.length,
    verdictOn: toneMs === undefined
      ? 'audio starts: speech fetched (the manifest names no attention tone)'
      : `audio starts: the urgent message arrives, when the agent starts its pinned ${toneMs} ms attention tone from memory (add preempt's tone step, p99 ≈ 3 ms); the speech is fetched meanwhile`,
  };
}
