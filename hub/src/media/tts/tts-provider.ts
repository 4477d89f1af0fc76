// Text-to-speech behind one interface (domain.md: "text bulletins, turned into speech", Điều 7). The console's speech
// preview and the publishing path call synthesize(); which engine runs is chosen in main.ts.

import { HubError } from '../../errors.js';

export type TtsMime = 'audio/wav' | 'audio/mpeg';

export interface TtsAudio {
  readonly bytes: Uint8Array;
  readonly mime: TtsMime;
}

export interface TtsOptions {
  readonly voice?: string;
  readonly signal?: AbortSignal;
}

export interface TtsProvider {
  readonly name: string;
  /**
   * HUB_ERR_VALIDATION for empty or over-long text or an unknown voice, HUB_ERR_TTS_UNAVAILABLE when the engine is
   * missing or not answering, HUB_ERR_TTS_FAILED when it ran and failed. An aborted `signal` rejects with its reason.
   */
  synthesize(text: string, options?: TtsOptions): Promise<TtsAudio>;
}

// C0 controls except tab and newline, DEL and C1 controls: never meaningful in a bulletin, and some engines read
// them as commands.
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * The text an engine receives: NFC (Vietnamese typed on some phones arrives decomposed, and engines read combining
 * marks as separate symbols), control characters replaced by spaces, trimmed, non-empty and at most `maxChars`.
 */
export function prepareTtsText(text: string, maxChars: number): string {
  const prepared = text.normalize('NFC').replace(CONTROL_CHARS, ' ').trim();
  if (prepared === '') throw new HubError('HUB_ERR_VALIDATION', 'text-to-speech text is empty');
  if (prepared.length > maxChars) {
    throw new HubError('HUB_ERR_VALIDATION', `text-to-speech text is longer than ${maxChars} characters`, {
      maxChars,
      length: prepared.length,
    });
  }
  return prepared;
}

/** The first part of a program's complaint, on one line, for an error detail (never a whole log). */
export function excerpt(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
