// Puts the configured attention tone into the media store at start-up and names it for every manifest (design.md
// §5). It enters by the uploads' own path (sniff, probe, content-addressed store, media row), so devices fetch it by
// SHA-256 from the ordinary device media route; a tone already stored is deduplicated there, not written twice.
import fsp from 'node:fs/promises';
import type { MediaRef } from '@tinnguon/protocol';
import { HubError } from '../errors.js';
import { mediaRef, type MediaRepository } from '../media-records/media-repository.js';
import { MAX_TONE_FILE_BYTES, checkAttentionTone } from './check-tone.js';
import { generateChime } from './chime.js';

/** Config keywords; any other value is the path of the operator's own WAV file. */
export const TONE_DEFAULT = 'default';
export const TONE_OFF = 'off';

export type ToneChoice = { readonly kind: 'default' } | { readonly kind: 'off' } | { readonly kind: 'file'; readonly path: string };

/** Pure: what the `attentionTone` setting asks for. */
export function toneChoice(setting: string): ToneChoice {
  if (setting === TONE_DEFAULT) return { kind: 'default' };
  if (setting === TONE_OFF) return { kind: 'off' };
  return { kind: 'file', path: setting };
}

/** The two file reads the installer makes; tests pass failing ones. */
export interface ToneFiles {
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
}

export const nodeToneFiles: ToneFiles = {
  size: async (path) => (await fsp.stat(path)).size,
  read: (path) => fsp.readFile(path),
};

export interface InstallToneDeps {
  readonly media: Pick<MediaRepository, 'ingest'>;
  readonly files?: ToneFiles;
}

/**
 * The tone's MediaRef, or undefined when the operator turned it off. Throws HUB_ERR_ATTENTION_TONE_INVALID for a file
 * that is missing, unreadable or unfit, so the hub refuses to start rather than send devices a tone they cannot play.
 */
export async function installAttentionTone(setting: string, deps: InstallToneDeps): Promise<MediaRef | undefined> {
  const choice = toneChoice(setting);
  if (choice.kind === 'off') return undefined;
  const bytes = choice.kind === 'default' ? generateChime() : await readToneFile(choice.path, deps.files ?? nodeToneFiles);
  if (choice.kind === 'file') checkAttentionTone(bytes, choice.path);
  const record = await deps.media.ingest(bytes, 'audio/wav', 'system', MAX_TONE_FILE_BYTES);
  return mediaRef(record);
}

async function readToneFile(path: string, files: ToneFiles): Promise<Uint8Array> {
  try {
    const size = await files.size(path);
    // Checked before reading: a multi-gigabyte file named by mistake must not be pulled into memory.
    if (size > MAX_TONE_FILE_BYTES) throw new HubError('HUB_ERR_ATTENTION_TONE_INVALID', `${path}: ${size} bytes, more than ${MAX_TONE_FILE_BYTES}`);
    return await files.read(path);
  } catch (err) {
    if (err instanceof HubError) throw err;
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : (err as Error).message;
    throw new HubError('HUB_ERR_ATTENTION_TONE_INVALID', `${path}: cannot read (${code})`, { source: path, why: code });
  }
}
