// The devices' own LED renderer, for the console's pixel-true preview (issue 9): the edge agent's `led` module, a
// declared dependency, so the preview draws with exactly the code a board runs. Loaded on the first preview, never at
// import (style.md §1): the LED module alone loads in about 0.14 s, the whole agent (MQTT, the WASM decoder) in 1.7 s.
import type { createPngImageSource, renderSlideWithIssues, slideAt } from '@tinnguon/edge-agent/led';
import { HubError } from '../errors.js';

export interface LedRenderer {
  readonly renderSlideWithIssues: typeof renderSlideWithIssues;
  readonly slideAt: typeof slideAt;
  /** The device's decoder and cache policy: PNG only, alpha over black, a labelled placeholder for anything else. */
  readonly createPngImageSource: typeof createPngImageSource;
}

export type LedRenderIssue = ReturnType<typeof renderSlideWithIssues>['issues'][number];

const AGENT_LED = '@tinnguon/edge-agent/led';

export async function loadAgentLedRenderer(specifier: string = AGENT_LED): Promise<LedRenderer> {
  try {
    return (await import(specifier)) as LedRenderer;
  } catch (err) {
    throw new HubError('HUB_ERR_LED_RENDERER', `${specifier}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Loads once; a failed load is retried on the next preview (the agent may be built meanwhile). */
export function lazyRenderer(load: () => Promise<LedRenderer> = loadAgentLedRenderer): () => Promise<LedRenderer> {
  let pending: Promise<LedRenderer> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
