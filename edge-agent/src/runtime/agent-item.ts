// What the agent's executor plays: a QueueItem plus what to play. Built from a programme slot, an emergency, the
// attention tone, or an LED board's slide loop; the executor itself only reads the QueueItem part (design.md §9).
import type { Bulletin, BulletinContent, MediaRef, Slide } from '@tinnguon/protocol';
import type { QueueItem } from '../queue/queue-item.js';

export interface LedLoopSpan {
  readonly windowStart: number;
  readonly windowEnd: number;
}

export interface AgentItem extends QueueItem {
  readonly content: BulletinContent;
  /** One play (audio) or one pass through the slides (LED), when known. */
  readonly durationMs: number | undefined;
  /** Title, for LED boards showing a spoken emergency as a ticker. */
  readonly title?: string;
  /** An LED board's loop over the window's bulletins (see led-loop.ts); its own events are not journaled. */
  readonly loop?: LedLoopSpan;
}

/** Loop items carry this bulletin-id prefix; the journal never sees them as bulletins. */
export const LED_LOOP_PREFIX = 'ledloop-';

export function ledLoopItem(span: LedLoopSpan): AgentItem {
  return {
    bulletinId: `${LED_LOOP_PREFIX}${span.windowStart}`,
    revision: 1,
    // 'priority' so that an emergency restarts the loop after it (Điều 8.2 rows of the rule table), never drops it.
    priority: 'priority',
    mode: 'live',
    kind: 'bulletin',
    originDepth: 0,
    slotAt: span.windowStart,
    repeat: 1,
    remaining: 1,
    notAfter: span.windowEnd,
    content: { kind: 'ledText', slide: { type: 'text', text: ' ', durationMs: 500 } },
    durationMs: undefined,
    loop: span,
  };
}

/** One pass of an emergency's duration: its audio, or its slides. */
function passMs(bulletin: Bulletin): number | undefined {
  const c = bulletin.content;
  if (c.kind === 'audio' || c.kind === 'tts') return c.media.durationMs;
  const slides: readonly Slide[] = c.kind === 'slides' ? c.slides : [c.slide];
  return slides.reduce((sum, s) => sum + s.durationMs, 0);
}

/** An emergency (Điều 8.1) as it arrives: played at once, its repeats back to back, the tone first if there is one. */
export function emergencyItems(bulletin: Bulletin, arrivedAt: number, tone: MediaRef | undefined): AgentItem[] {
  const base = {
    bulletinId: bulletin.bulletinId,
    revision: bulletin.revision,
    priority: 'emergency' as const,
    mode: bulletin.mode,
    originDepth: bulletin.originDepth,
    slotAt: arrivedAt,
    title: bulletin.title,
  };
  const item: AgentItem = { ...base, kind: 'bulletin', repeat: bulletin.repeat, remaining: bulletin.repeat, content: bulletin.content, durationMs: passMs(bulletin) };
  if (tone === undefined) return [item];
  const toneItem: AgentItem = { ...base, kind: 'attentionTone', repeat: 1, remaining: 1, content: { kind: 'audio', media: tone }, durationMs: tone.durationMs };
  return [toneItem, item];
}
