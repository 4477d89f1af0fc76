// Cancellation plumbing for the audio path (style.md §7: cancellation is an AbortSignal). A preempted item must let go
// of its decoder and sink even when the byte source under it is stalled, e.g. an emergency still downloading.

import { AgentError } from '../errors.js';

export function abortedError(signal: AbortSignal): AgentError {
  return new AgentError('AGENT_ERR_ABORTED', undefined, { cause: signal.reason });
}

/**
 * Settles like `promise`, or rejects with AGENT_ERR_ABORTED as soon as `signal` aborts. The abandoned promise keeps a
 * handler so a late rejection is never unhandled.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortedError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * Iterates `source` but stops at once on abort. The source is told to finish without being waited for: a stalled
 * download would otherwise hold the decoder (and its WASM memory) until the network gives up.
 */
export async function* readAbortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T, void> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const step = await abortable(iterator.next(), signal);
      if (step.done === true) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } finally {
    if (!finished && iterator.return !== undefined) {
      iterator.return().catch(() => undefined);
    }
  }
}
