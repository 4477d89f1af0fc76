// Child process that owns the native `speaker` driver (design.md §10). `speaker` calls abort() when there is no
// sound card and ALSA can fail inside native code; here that kills this process only, and SpeakerSink reports
// AGENT_ERR_AUDIO_DRIVER instead of losing the agent. This is a process entry point: it starts work when run.
//
// argv[2]: the module to load as the driver (default 'speaker'; tests pass a fake).

import type { Writable } from 'node:stream';
import { parseToSpeakerWorker } from './speaker-ipc.js';
import type { FromSpeakerWorker } from './speaker-ipc.js';

interface SpeakerOptions {
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitDepth: 16;
  readonly signed: true;
  readonly device?: string;
}

type SpeakerConstructor = new (options: SpeakerOptions) => Writable;

function send(message: FromSpeakerWorker, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

let failing = false;

/** Tells the agent why, then exits; the message is flushed first so the agent can put it in its error. */
function fail(err: unknown): void {
  if (failing) return;
  failing = true;
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.exit(1));
  setTimeout(() => process.exit(1), 1000);
}

async function loadSpeaker(specifier: string): Promise<SpeakerConstructor> {
  const loaded = (await import(specifier)) as { default?: unknown };
  if (typeof loaded.default !== 'function') throw new Error(`${specifier} exports no Speaker class`);
  return loaded.default as SpeakerConstructor;
}

async function main(): Promise<void> {
  // Orphaned by a dead agent: go quiet rather than play on unsupervised.
  process.on('disconnect', () => process.exit(0));
  let Speaker: SpeakerConstructor;
  try {
    Speaker = await loadSpeaker(process.argv[2] ?? 'speaker');
  } catch (err) {
    return fail(err);
  }
  let speaker: Writable | undefined;
  process.on('message', (raw) => {
    const message = parseToSpeakerWorker(raw);
    if (failing) return;
    if (message === undefined) return fail(new Error('malformed message from the agent'));
    switch (message.type) {
      case 'open':
        if (speaker !== undefined) return fail(new Error('already open'));
        speaker = new Speaker({
          sampleRate: message.sampleRate,
          channels: message.channels,
          bitDepth: 16,
          signed: true,
          ...(message.device === undefined ? {} : { device: message.device }),
        });
        speaker.on('error', fail);
        send({ type: 'opened' });
        break;
      case 'pcm':
        if (speaker === undefined) return fail(new Error('pcm before open'));
        // The write callback fires once the driver has taken the block, i.e. paced by the sound card.
        speaker.write(message.data, (err) => (err ? fail(err) : send({ type: 'ack', id: message.id })));
        break;
      case 'drain':
        if (speaker === undefined) {
          send({ type: 'drained' });
          break;
        }
        speaker.once('close', () => send({ type: 'drained' }));
        speaker.end();
        break;
    }
  });
  send({ type: 'ready' });
}

await main();
