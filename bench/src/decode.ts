// `npm run bench -- decode [--trials N]`: the agent's MP3 path (openAudioFile: file read → mpg123-decoder WASM →
// Int16) on the two kinds of media it plays: the hub's speech (22.05 kHz mono, 32 kbps, the TTS output) and uploaded
// music-grade audio (44.1 kHz stereo 128 kbps, made with sox + lame when they are installed).
// Target (issue 8): ≥ 200× real time; first PCM ≤ 10 ms.
//
// First PCM is timed from openAudioFile() to its first chunk: warm (a decoder has run in this process before) over
// many trials, and cold in child processes, because a device's first emergency after boot meets the cold one. A
// loudspeaker agent prepares its decoder at start-up (Agent.start → warmMp3Decoding: one WASM instance made and a
// second of audio decoded), so the cold probe does that first, as the device has; the first decoder of a bare
// process (which compiles the WASM on the clock) is shown beside it as `firstPcmColdUnwarmedMaxMs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { openAudioFile, warmMp3Decoding } from '@tinnguon/edge-agent';
import { MPEGDecoder } from 'mpg123-decoder';
import { speechMp3 } from './bench-media.js';
import { numberOption, percentile, report, stringOption, type BenchArgs } from './report.js';

interface DecodeRun {
  readonly audioSec: number;
  readonly wallMs: number;
  /** CPU time of this process during the decode: what the decoder costs, whoever else shares the cores. */
  readonly cpuMs: number;
  readonly firstPcmMs: number;
}

async function decodeFile(path: string): Promise<DecodeRun> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let first = NaN;
  let frames = 0;
  let rate = 1;
  for await (const chunk of openAudioFile(path, new AbortController().signal)) {
    if (Number.isNaN(first)) first = performance.now() - t0;
    frames += chunk.pcm.length / chunk.channels;
    rate = chunk.sampleRate;
  }
  const cpu = process.cpuUsage(cpu0);
  return { audioSec: frames / rate, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, firstPcmMs: first };
}

/** 60 s of a chord with some noise, 44.1 kHz stereo, as lame encodes an upload; undefined without sox and lame. */
function musicMp3(dir: string): string | undefined {
  const wav = join(dir, 'music.wav');
  const mp3 = join(dir, 'music.mp3');
  try {
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', wav, 'synth', '60', 'sine', '220', 'sine', '277', 'pinknoise', 'remix', '1,3', '2,3', 'gain', '-6'], { stdio: 'ignore' });
    execFileSync('lame', ['--quiet', '-b', '128', wav, mp3], { stdio: 'ignore' });
    return mp3;
  } catch {
    return undefined;
  }
}

/** The library alone, fed as the agent feeds it (4 KiB at a time), with a decoder made per run as the agent does:
 *  the ceiling the agent's path can reach (audio s per CPU s), and the wall time of making a decoder. */
async function library(path: string): Promise<{ timesRealTime: number; decoderReadyMs: number }> {
  const bytes = await readFile(path);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const ready = performance.now() - t0;
  let samples = 0;
  let rate = 1;
  for (let at = 0; at < bytes.length; at += 4096) {
    const out = decoder.decode(bytes.subarray(at, at + 4096));
    samples += out.samplesDecoded;
    if (out.samplesDecoded > 0) rate = out.sampleRate;
  }
  decoder.free();
  const cpu = process.cpuUsage(cpu0);
  return { timesRealTime: ((samples / rate) * 1e6) / (cpu.user + cpu.system), decoderReadyMs: ready };
}

/** The cold figure: a fresh process, warmed up as an agent is at start-up unless `unwarmed`. */
function coldFirstPcm(path: string, unwarmed = false): number {
  const run = fileURLToPath(new URL('./run.js', import.meta.url));
  const out = spawnSync(process.execPath, [run, 'decode', '--cold-probe', path, ...(unwarmed ? ['--unwarmed'] : [])], { encoding: 'utf8' });
  return Number(out.stdout.trim().split('\n').pop());
}

async function measure(path: string, trials: number): Promise<Record<string, number>> {
  const runs: DecodeRun[] = [];
  for (let i = 0; i < 5; i++) runs.push(await decodeFile(path));
  const speeds = runs.map((r) => (r.audioSec * 1000) / r.wallMs).sort((a, b) => a - b);
  const cpuSpeeds = runs.map((r) => (r.audioSec * 1000) / r.cpuMs).sort((a, b) => a - b);
  const firsts: number[] = [];
  for (let i = 0; i < trials; i++) firsts.push((await firstChunk(path)));
  firsts.sort((a, b) => a - b);
  const cold = [0, 1, 2].map(() => coldFirstPcm(path)).sort((a, b) => a - b);
  const unwarmed = [0, 1, 2].map(() => coldFirstPcm(path, true)).sort((a, b) => a - b);
  const lib: { timesRealTime: number; decoderReadyMs: number }[] = [];
  for (let i = 0; i < 5; i++) lib.push(await library(path));
  return {
    audioSec: runs[0]?.audioSec ?? NaN,
    timesRealTimeWall: percentile(speeds, 50),
    timesRealTimeCpu: percentile(cpuSpeeds, 50),
    firstPcmWarmP50Ms: percentile(firsts, 50),
    firstPcmWarmP99Ms: percentile(firsts, 99),
    firstPcmColdMaxMs: cold[cold.length - 1] ?? NaN,
    firstPcmColdUnwarmedMaxMs: unwarmed[unwarmed.length - 1] ?? NaN,
    libraryTimesRealTimeCpu: percentile(lib.map((l) => l.timesRealTime).sort((a, b) => a - b), 50),
    libraryDecoderReadyP50Ms: percentile(lib.map((l) => l.decoderReadyMs).sort((a, b) => a - b), 50),
  };
}

/** Time to the first chunk only: the rest of the file is not decoded (the iterator is closed). */
async function firstChunk(path: string): Promise<number> {
  const t0 = performance.now();
  const chunks = openAudioFile(path, new AbortController().signal);
  await chunks.next();
  const ms = performance.now() - t0;
  await chunks.return();
  return ms;
}

export async function decodeBench(args: BenchArgs): Promise<void> {
  const probe = stringOption(args, '--cold-probe', '');
  if (probe !== '') {
    if (!args.rest.includes('--unwarmed')) {
      await warmMp3Decoding();
      await new Promise((resolve) => setTimeout(resolve, 100)); // the agent's emergency comes later than its start
    }
    console.log(String(await firstChunk(probe)));
    return;
  }
  const trials = numberOption(args, '--trials', 200);
  const dir = await mkdtemp(join(tmpdir(), 'tn-bench-decode-'));
  try {
    const speech = join(dir, 'speech.mp3');
    await writeFile(speech, speechMp3(60).bytes);
    const speechFigures = await measure(speech, trials);
    const music = musicMp3(dir);
    const musicFigures = music === undefined ? undefined : await measure(music, trials);
    const all = [speechFigures, ...(musicFigures === undefined ? [] : [musicFigures])];
    const slowest = Math.min(...all.map((f) => f.timesRealTimeCpu ?? NaN));
    const worstWarm = Math.max(...all.map((f) => f.firstPcmWarmP99Ms ?? NaN));
    const worstCold = Math.max(...all.map((f) => f.firstPcmColdMaxMs ?? NaN));
    const prefixed = (prefix: string, f: Record<string, number>) => Object.fromEntries(Object.entries(f).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]));
    report(args, {
      name: 'decode',
      ...prefixed('speech22kMono', speechFigures),
      ...(musicFigures === undefined ? { music44kStereo: 'skipped: sox and lame not installed' } : prefixed('music44kStereo', musicFigures)),
      trials,
      path: 'edge-agent openAudioFile (fs read → mpg123-decoder WASM → Int16), one process, nothing else running in it',
      target: '≥ 200× real time (audio s per CPU s, median of 5); first PCM ≤ 10 ms (warm p99 and cold, after the agent’s start-up warm-up)',
      pass: slowest >= 200 && worstWarm <= 10 && worstCold <= 10,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
