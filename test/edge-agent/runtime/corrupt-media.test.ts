// "A partial or corrupt file is never played and is fetched again" (issue 5): the loudspeaker's run re-hashes the
// cached file right before use; a file that rotted on the SD card or was cut short is evicted and fetched again, and
// plays only once it matches its SHA-256. With the hub unreachable it is not played at all, and the fault is logged.
import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import t from 'tap';
import type { MediaRef, PlaybackLog } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import { MediaCache } from '../../../edge-agent/src/cache/media-cache.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { PlaybackExecutor } from '../../../edge-agent/src/queue/playback-executor.js';
import type { AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { systemTimers } from '../../../edge-agent/src/runtime/agent-timers.js';
import { AmplifierControl } from '../../../edge-agent/src/runtime/amplifier-control.js';
import { loudspeakerRun } from '../../../edge-agent/src/runtime/loudspeaker-run.js';
import { MediaGate } from '../../../edge-agent/src/runtime/media-gate.js';

const WAV = new URL('../../fixtures/audio/speech-vi-16k.wav', import.meta.url);

t.test('a corrupt or truncated cached file is refetched and the good one plays; without the hub nothing plays', async (t) => {
  const bytes = await readFile(WAV);
  const media: MediaRef = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mime: 'audio/wav', durationMs: 1000 };
  let hubUp = true;
  let requests = 0;
  const cache = new MediaCache({
    dir: t.testdir(),
    urlFor: (sha) => `http://hub.invalid/api/device/media/${sha}`,
    reserveBytes: 0,
    fetch: async () => {
      requests++;
      if (!hubUp) throw new TypeError('fetch failed: ECONNREFUSED');
      return new Response(bytes, { status: 200 });
    },
  });
  const gate = new MediaGate(cache);
  const sink = new VirtualSink();
  const logs: NewPlaybackLog[] = [];
  const amplifier = new AmplifierControl({ amplifier: new VirtualAmplifier(), timers: systemTimers, offDelayMs: 0, onError: () => undefined });
  const executor = new PlaybackExecutor<AgentItem>({
    run: loudspeakerRun({ cache: gate, sink, amplifier, volume: () => 100, clock: { now: () => Date.now() }, onError: () => undefined }),
    journal: { append: async (e) => void logs.push(e) },
  });
  let slot = 1_800_000_000_000;
  const play = async (): Promise<NewPlaybackLog | undefined> => {
    slot += 60_000;
    executor.offer({
      bulletinId: 'bt-cache-test-01', revision: 1, priority: 'priority', mode: 'live', kind: 'bulletin', originDepth: 2, slotAt: slot,
      repeat: 1, remaining: 1, content: { kind: 'audio', media }, durationMs: 1000,
    });
    await executor.idle();
    // The play starts from the verified bytes of the download; its file is fsynced and renamed into the cache after.
    await gate.idle();
    return logs.at(-1);
  };

  t.equal((await play())?.event, 'played', 'first play: fetched and played');
  const clean = sink.last?.checksum;
  t.equal(requests, 1, 'one download');

  const path = cache.pathFor(media.sha256);
  const rotten = Buffer.from(bytes);
  rotten[2000] = (rotten[2000] ?? 0) ^ 0xff;
  await writeFile(path, rotten);
  t.equal((await play())?.event, 'played', 'a bit flipped on the card: played after all…');
  t.equal(requests, 2, '…because it was fetched again');
  t.equal(sink.last?.checksum, clean, 'and what played is the original, not the rotten copy');

  await truncate(path, 1000);
  t.equal((await play())?.event, 'played', 'cut short: fetched again and played');
  t.equal(sink.last?.checksum, clean, 'in full');

  const before = sink.playbacks.length;
  await writeFile(path, rotten);
  hubUp = false;
  const fault = (await play()) as PlaybackLog | undefined;
  t.same([fault?.event, fault?.reason], ['fault', 'AGENT_ERR_DOWNLOAD'], 'with the hub down the slot is a logged fault…');
  t.equal(sink.playbacks.length, before, '…and nothing reached the loudspeaker');
  await t.rejects(readFile(path), { code: 'ENOENT' }, 'the rotten file is gone from the cache');
});
