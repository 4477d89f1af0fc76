// Messages between SpeakerSink and its worker process. Both sides validate what they receive (design.md §2: every
// message crossing a process boundary is checked on the way in).

export type ToSpeakerWorker =
  | { readonly type: 'open'; readonly sampleRate: number; readonly channels: number; readonly device?: string }
  | { readonly type: 'pcm'; readonly id: number; readonly data: Uint8Array }
  | { readonly type: 'drain' };

export type FromSpeakerWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'opened' }
  | { readonly type: 'ack'; readonly id: number }
  | { readonly type: 'drained' }
  | { readonly type: 'error'; readonly message: string };

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function parseToSpeakerWorker(value: unknown): ToSpeakerWorker | undefined {
  const m = record(value);
  switch (m?.['type']) {
    case 'open': {
      const { sampleRate, channels, device } = m;
      if (!isCount(sampleRate) || !isCount(channels)) return undefined;
      if (device !== undefined && typeof device !== 'string') return undefined;
      return device === undefined ? { type: 'open', sampleRate, channels } : { type: 'open', sampleRate, channels, device };
    }
    case 'pcm':
      return isCount(m['id']) && m['data'] instanceof Uint8Array ? { type: 'pcm', id: m['id'], data: m['data'] } : undefined;
    case 'drain':
      return { type: 'drain' };
    default:
      return undefined;
  }
}

export function parseFromSpeakerWorker(value: unknown): FromSpeakerWorker | undefined {
  const m = record(value);
  switch (m?.['type']) {
    case 'ready':
    case 'opened':
    case 'drained':
      return { type: m['type'] };
    case 'ack':
      return isCount(m['id']) ? { type: 'ack', id: m['id'] } : undefined;
    case 'error':
      return typeof m['message'] === 'string' ? { type: 'error', message: m['message'] } : undefined;
    default:
      return undefined;
  }
}
