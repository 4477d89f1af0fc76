// The executor's `run` for the device's kind, imported on first use (issue 8: agent RSS ≤ 80 MiB): a loudspeaker
// cluster never loads the LED renderer, its font and the PNG code; an LED board never loads the MP3 decoder.
// Agent.start() prepares it in the background, so the first emergency does not wait for an import.
import type { PlaybackRun, RunItem } from '../queue/playback-executor.js';
import type { AgentItem } from './agent-item.js';

export interface LazyRun {
  readonly run: RunItem<AgentItem>;
  /** Loads the run now; rejects if it cannot be loaded (the next play tries again). */
  prepare(): Promise<void>;
}

export function lazyRun(load: () => Promise<RunItem<AgentItem>>): LazyRun {
  let loading: Promise<RunItem<AgentItem>> | undefined;
  const loaded = (): Promise<RunItem<AgentItem>> => {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
  return {
    run: async (item, signal): Promise<PlaybackRun> => (await loaded())(item, signal),
    prepare: async () => void (await loaded()),
  };
}
