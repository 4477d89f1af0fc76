// `npm run bench -- preempt [--trials N]`: one agent plays a normal bulletin when an emergency arrives; how long from
// the urgent message reaching the agent to the first emergency frame at its sink (Điều 8.1, design.md §9).
// Target (issue 8): p99 ≤ 20 ms.
//
// Three paths, interleaved in one run: the emergency's audio already cached (re-hashed before play, as always); the
// audio new to the device, downloaded (write, fsync, hash, rename) before the first frame; and the design's path
// with a pinned attention tone in the manifest, whose first frame starts while the new audio downloads.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentItem } from '@tinnguon/edge-agent';
import type { Bulletin } from '@tinnguon/protocol';
import { speechMp3, type BenchMedia } from './bench-media.js';
import { startLoneAgent, type LoneAgent } from './lone-agent.js';
import { numberOption, percentile, report, type BenchArgs } from './report.js';

type Path = 'cached' | 'download' | 'tone';

function emergencyBulletin(id: string, media: BenchMedia): Bulletin {
  const now = Date.now();
  return {
    bulletinId: id, revision: 1, title: 'Cảnh báo lũ quét', priority: 'emergency', mode: 'live', originArea: '67', originDepth: 0, targetAreas: ['67'],
    content: { kind: 'audio', media: media.ref }, schedule: { type: 'now' }, repeat: 1, validFrom: now - 1000, validUntil: now + 3600_000,
  };
}

function normalItem(id: string, media: BenchMedia): AgentItem {
  const now = Date.now();
  return {
    bulletinId: id, revision: 1, priority: 'normal', mode: 'live', kind: 'bulletin', originDepth: 2, slotAt: now, repeat: 1, remaining: 1,
    notAfter: now + 60_000, content: { kind: 'audio', media: media.ref }, durationMs: media.ref.durationMs,
  };
}

/** Resolves with the event time of the first frame of `bulletinId`, or NaN after `ms`. */
function firstFrame(a: LoneAgent, bulletinId: string, ms = 5000): Promise<number> {
  return new Promise((resolve) => {
    const off = a.onEvent((event, at) => {
      if (event.type === 'firstFrame' && event.bulletinId === bulletinId) {
        clearTimeout(timer);
        off();
        resolve(at);
      }
    });
    const timer = setTimeout(() => {
      off();
      resolve(NaN);
    }, ms);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function trial(a: LoneAgent, path: Path, i: number, normal: BenchMedia): Promise<number> {
  // Something ordinary is playing, as it would be in an operating window.
  const normalId = `bt-bench-normal-${path}-${i}`;
  const playing = firstFrame(a, normalId);
  a.agent.offer(normalItem(normalId, normal));
  if (Number.isNaN(await playing)) throw new Error(`the normal bulletin ${normalId} never started`);
  await sleep(20 + Math.random() * 180);
  const media = speechMp3(20, true);
  if (path === 'cached') await writeFile(join(a.stateDir, 'cache', media.ref.sha256), media.bytes);
  a.serve(media);
  const id = `bt-bench-em-${path}-${i}`;
  const frame = firstFrame(a, id);
  const t0 = a.emergency(emergencyBulletin(id, media));
  const t1 = await frame;
  // Silence everything before the next trial (the emergency would otherwise play its 20 s).
  a.stopAll();
  await sleep(30);
  return t1 - t0;
}

export async function preemptBench(args: BenchArgs): Promise<void> {
  const trials = numberOption(args, '--trials', 200);
  const a = await startLoneAgent();
  try {
    const normal = speechMp3(60);
    await writeFile(join(a.stateDir, 'cache', normal.ref.sha256), normal.bytes);
    const tone = speechMp3(2);
    await writeFile(join(a.stateDir, 'cache', tone.ref.sha256), tone.bytes);
    a.serve(tone);
    // Warm-up: the first MP3 decoder compiles its WASM, the first signature check loads the key.
    for (let i = 0; i < 5; i++) await trial(a, i % 2 === 0 ? 'cached' : 'download', -1 - i, normal);
    const samples: Record<Path, number[]> = { cached: [], download: [], tone: [] };
    for (let i = 0; i < trials; i++) samples[i % 2 === 0 ? 'cached' : 'download'].push(await trial(a, i % 2 === 0 ? 'cached' : 'download', i, normal));
    a.manifest({ attentionTone: tone.ref });
    await sleep(500);
    for (let i = 0; i < Math.ceil(trials / 2); i++) samples.tone.push(await trial(a, 'tone', i, normal));
    const figures: Record<string, number> = {};
    let worstP99 = 0;
    let missing = 0;
    for (const path of ['cached', 'download', 'tone'] as const) {
      const ok = samples[path].filter((v) => !Number.isNaN(v)).sort((x, y) => x - y);
      missing += samples[path].length - ok.length;
      figures[`${path}Trials`] = samples[path].length;
      figures[`${path}P50Ms`] = percentile(ok, 50);
      figures[`${path}P99Ms`] = percentile(ok, 99);
      figures[`${path}MaxMs`] = ok[ok.length - 1] ?? NaN;
      worstP99 = Math.max(worstP99, percentile(ok, 99));
    }
    report(args, {
      name: 'preempt',
      devices: 1,
      ...figures,
      framesNeverReached: missing,
      emergencyAudioBytes: speechMp3(20).ref.bytes,
      path: 'in-process agent (createAgent); message handed to its MQTT transport seam → firstFrame event before the first sink write',
      target: 'p99 ≤ 20 ms (every path)',
      pass: missing === 0 && worstP99 <= 20,
    });
  } finally {
    await a.stop();
  }
}
