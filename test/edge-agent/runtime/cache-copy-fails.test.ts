// An emergency new to the device plays from its verified bytes before the file is fsynced and renamed (issue 8). When
// that cache copy then fails — the SD card is full, or the rename cannot happen — the play still goes ahead, nothing
// but the verified content ever appears under the hash name, no part is left behind, and the failure is reported with
// its AGENT_ERR_* code. The card's ENOSPC is real: the part path is a symlink to /dev/full, which the kernel answers
// with "No space left on device" on every write.
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import t, { type Test } from 'tap';
import type { MediaRef } from '@tinnguon/protocol';
import { VirtualAmplifier } from '../../../edge-agent/src/audio/amplifier.js';
import { VirtualSink } from '../../../edge-agent/src/audio/virtual-sink.js';
import type { FetchLike } from '../../../edge-agent/src/cache/download-media.js';
import { isAgentError, type AgentErrorCode } from '../../../edge-agent/src/errors.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { nodeHttpFetch } from '../../../edge-agent/src/link/node-http-fetch.js';
import { PlaybackExecutor } from '../../../edge-agent/src/queue/playback-executor.js';
import type { AgentItem } from '../../../edge-agent/src/runtime/agent-item.js';
import { systemTimers } from '../../../edge-agent/src/runtime/agent-timers.js';
import { AmplifierControl } from '../../../edge-agent/src/runtime/amplifier-control.js';
import { loudspeakerRun } from '../../../edge-agent/src/runtime/loudspeaker-run.js';
import { MediaGate } from '../../../edge-agent/src/runtime/media-gate.js';
import { setup } from '../cache/fixtures/media-server.js';

const WAV = new URL('../../fixtures/audio/speech-vi-16k.wav', import.meta.url);

async function rig(t: Test, beforeFetch: (partPath: string, path: string) => Promise<void>) {
  const bytes = await readFile(WAV);
  const media: MediaRef = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mime: 'audio/wav', durationMs: 1000 };
  let hook: ((part: string, path: string) => Promise<void>) | undefined = beforeFetch;
  let path = '';
  // The card fails between the request and the write: the in-memory path is taken (no part exists when it starts).
  const fetch: FetchLike = async (url, init) => {
    const run = hook;
    hook = undefined;
    await run?.(`${path}.part`, path);
    return nodeHttpFetch(url, init);
  };
  const { server, cache } = await setup(t, { fetch });
  server.files.set(media.sha256, bytes);
  path = cache.pathFor(media.sha256);
  const reported: { code: AgentErrorCode | undefined; context: string }[] = [];
  const gate = new MediaGate(cache, undefined, (err, context) => reported.push({ code: isAgentError(err) ? err.code : undefined, context }));
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
      bulletinId: 'bt-cache-copy-01', revision: 1, priority: 'emergency', mode: 'live', kind: 'bulletin', originDepth: 0, slotAt: slot,
      repeat: 1, remaining: 1, content: { kind: 'audio', media }, durationMs: 1000,
    });
    await executor.idle();
    await gate.idle();
    return logs.at(-1);
  };
  return { server, sink, path, reported, play };
}

t.test('a full SD card: the emergency plays from its verified bytes; AGENT_ERR_DISK_FULL reported, nothing left', async (t) => {
  const r = await rig(t, (part) => symlink('/dev/full', part));
  t.equal((await r.play())?.event, 'played', 'the play is not lost');
  const fromMemory = r.sink.last?.checksum;
  t.ok((r.sink.last?.totalFrames ?? 0) > 0, 'and reached the loudspeaker');
  t.same(r.reported.map((e) => e.code), ['AGENT_ERR_DISK_FULL'], 'the failed cache copy is reported once, coded');
  t.notOk(existsSync(r.path), 'nothing under the hash name');
  t.throws(() => lstatSync(`${r.path}.part`), { code: 'ENOENT' }, 'no part left behind');
  t.equal(r.server.requests.length, 1, 'a full card is not retried by downloading again');

  // Room again: the next play fetches it once more, plays the same audio and caches it.
  t.equal((await r.play())?.event, 'played');
  t.equal(r.sink.last?.checksum, fromMemory, 'the same audio');
  t.equal(r.server.requests.length, 2);
  t.ok(existsSync(r.path), 'now cached');
  t.equal(r.reported.length, 1, 'nothing more to report');
});

t.test('a rename that fails: played, AGENT_ERR_CACHE reported, the hash name untouched, the part removed', async (t) => {
  const r = await rig(t, async (_part, path) => {
    await mkdir(path);
    await mkdir(`${path}/occupied`); // rename(2) over a non-empty directory fails on every file system
  });
  t.equal((await r.play())?.event, 'played');
  t.same(r.reported.map((e) => e.code), ['AGENT_ERR_CACHE']);
  t.ok(lstatSync(r.path).isDirectory(), 'what was under the hash name is as it was');
  t.notOk(existsSync(`${r.path}.part`));
  await rm(r.path, { recursive: true });
});

t.test('a full card while streaming a medium into its part is AGENT_ERR_DISK_FULL at once, not a download retried', async (t) => {
  const bytes = await readFile(WAV);
  const media: MediaRef = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, mime: 'audio/wav' };
  const { server, cache } = await setup(t, { fetch: nodeHttpFetch });
  server.files.set(media.sha256, bytes);
  const path = cache.pathFor(media.sha256);
  await symlink('/dev/full', `${path}.part`);
  await t.rejects(cache.download(media), { name: 'AgentError', code: 'AGENT_ERR_DISK_FULL' });
  t.equal(server.requests.length, 1);
  t.notOk(existsSync(path), 'nothing under the hash name');
});
