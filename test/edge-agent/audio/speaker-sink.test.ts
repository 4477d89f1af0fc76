// The real speaker worker in a real child process, with the native driver replaced by fixtures/fake-speaker.mjs
// (this machine has no sound card), plus workers that crash, hang or misbehave.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import t from 'tap';
import { activeMp3Decoders } from '../../../edge-agent/src/audio/mp3-decoder.js';
import { playAudio } from '../../../edge-agent/src/audio/play-audio.js';
import { SpeakerSink } from '../../../edge-agent/src/audio/speaker-sink.js';
import { helperPath, helperUrl, mp3Path } from './fixtures/audio-test-kit.js';

const live = (): AbortSignal => new AbortController().signal;

function fakeSpeaker(params: Record<string, string | number>): string {
  const url = helperUrl('fake-speaker.mjs');
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url.href;
}

async function logLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}

t.test('audio reaches the driver in the worker process, and close() lets it finish', async (t) => {
  const log = `${t.testdir({})}/device.log`;
  const sink = new SpeakerSink({ speakerModule: fakeSpeaker({ log }) });
  const result = await playAudio({ file: mp3Path, sink, volume: 100, signal: live() });
  t.equal(result.outcome, 'completed');
  const lines = await logLines(log);
  t.equal(lines[0], 'open 22050 1');
  t.equal(lines.at(-1), 'drained');
  const bytes = lines.filter((l) => l.startsWith('write ')).reduce((sum, l) => sum + Number(l.slice(6)), 0);
  t.equal(bytes, Math.round((result.playedMs * 22050) / 1000) * 2, 'every sample went to the device');
});

t.test('stop() kills a worker stuck in a full device buffer, and the next item gets a fresh one', async (t) => {
  const dir = t.testdir({});
  const log = `${dir}/device.log`;
  // Each write blocks 10 s, like ALSA with its buffer full: only killing the worker silences it.
  const sink = new SpeakerSink({ speakerModule: fakeSpeaker({ log, paceMs: 10_000 }) });
  const controller = new AbortController();
  const playing = playAudio({ file: mp3Path, sink, volume: 100, signal: controller.signal });
  while (!(await logLines(log)).some((l) => l.startsWith('write '))) await new Promise((r) => setTimeout(r, 10));
  controller.abort();
  const result = await playing;
  t.equal(result.outcome, 'aborted');
  t.ok(result.playedMs <= 300, `only the sink's small lead was accepted (${result.playedMs} ms)`);
  t.notOk((await logLines(log)).includes('drained'), 'the buffer was dropped, not drained');
  t.equal(activeMp3Decoders(), 0);

  const log2 = `${dir}/second.log`;
  const next = new SpeakerSink({ speakerModule: fakeSpeaker({ log: log2 }) });
  t.equal((await playAudio({ file: mp3Path, sink: next, volume: 100, signal: live() })).outcome, 'completed');
  await sink.open({ sampleRate: 8000, channels: 1 });
  await sink.close();
  t.equal((await logLines(log)).filter((l) => l.startsWith('open ')).length, 2, 'the stopped sink reopened with a new worker');
});

t.test('a driver that aborts mid-play fails the item with AGENT_ERR_AUDIO_DRIVER, not the agent', async (t) => {
  const sink = new SpeakerSink({ speakerModule: fakeSpeaker({ crashAfterWrites: 2 }) });
  await t.rejects(playAudio({ file: mp3Path, sink, volume: 100, signal: live() }), {
    code: 'AGENT_ERR_AUDIO_DRIVER',
    message: /SIGABRT/,
  });
  t.equal(activeMp3Decoders(), 0);
  await sink.open({ sampleRate: 22050, channels: 1 });
  await sink.close();
  t.pass('the next open() respawned the worker and this process lives on');
});

t.test('a worker that dies on start, hangs, or breaks protocol is AGENT_ERR_AUDIO_DRIVER', async (t) => {
  const format = { sampleRate: 22050, channels: 1 };
  await t.rejects(new SpeakerSink({ workerPath: helperPath('crash-on-start-worker.mjs') }).open(format), {
    code: 'AGENT_ERR_AUDIO_DRIVER',
    message: /cannot find card/,
  });
  await t.rejects(new SpeakerSink({ workerPath: helperPath('silent-worker.mjs'), startTimeoutMs: 300 }).open(format), {
    code: 'AGENT_ERR_AUDIO_DRIVER',
    message: /not ready/,
  });
  await t.rejects(new SpeakerSink({ workerPath: helperPath('rogue-worker.mjs') }).open(format), {
    code: 'AGENT_ERR_AUDIO_DRIVER',
    message: /malformed/,
  });
  await t.rejects(new SpeakerSink({ speakerModule: 'node:path' }).open(format), {
    code: 'AGENT_ERR_AUDIO_DRIVER',
    message: /no Speaker class/,
  });
  await t.rejects(new SpeakerSink().write(new Int16Array(2), live()), { code: 'AGENT_ERR_AUDIO_DRIVER', message: /before open/ });
});

function speakerInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('speaker');
    return true;
  } catch {
    return false;
  }
}

t.test(
  'the real speaker driver failing to load (or finding no sound card) is contained',
  { skip: speakerInstalled() ? '`speaker` is installed here: this test is for machines without it' : false },
  async (t) => {
    await t.rejects(playAudio({ file: mp3Path, sink: new SpeakerSink(), volume: 100, signal: live() }), {
      code: 'AGENT_ERR_AUDIO_DRIVER',
      message: /speaker/,
    });
    t.equal(activeMp3Decoders(), 0);
  },
);
