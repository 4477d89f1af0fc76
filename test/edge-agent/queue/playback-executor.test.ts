import t from 'tap';
import { setImmediate as tick } from 'node:timers/promises';
import type { Priority } from '@tinnguon/protocol';
import { AgentError } from '../../../edge-agent/src/errors.js';
import type { NewPlaybackLog } from '../../../edge-agent/src/journal/new-playback-log.js';
import { PlaybackExecutor, type PlaybackRun } from '../../../edge-agent/src/queue/playback-executor.js';
import type { QueueItem } from '../../../edge-agent/src/queue/queue-item.js';

const T0 = Date.UTC(2025, 5, 1, 22, 0);

function item(id: string, priority: Priority, over: Partial<QueueItem> = {}): QueueItem {
  return { bulletinId: id, revision: 1, priority, mode: 'live', kind: 'bulletin', originDepth: 0, slotAt: T0, repeat: 1, remaining: 1, ...over };
}

interface Start {
  readonly id: string;
  readonly kind: QueueItem['kind'];
  readonly offset: number;
  readonly remaining: number;
  readonly signal: AbortSignal;
}

/** A fake of OUR `run` interface: plays until the test finishes it or the executor aborts it. */
class FakeStage {
  now = T0;
  readonly starts: Start[] = [];
  readonly entries: NewPlaybackLog[] = [];
  #finish: ((run: PlaybackRun) => void) | null = null;
  #startedAt = 0;
  ignoreAbort = false;
  failNext: Error | null = null;

  readonly clock = { now: () => this.now };
  readonly journal = {
    append: async (entry: NewPlaybackLog) => {
      this.entries.push(entry);
    },
  };
  readonly run = (item: QueueItem, signal: AbortSignal): Promise<PlaybackRun> => {
    this.starts.push({ id: item.bulletinId, kind: item.kind, offset: item.startOffsetMs ?? 0, remaining: item.remaining, signal });
    if (this.failNext !== null) {
      const err = this.failNext;
      this.failNext = null;
      return Promise.reject(err);
    }
    this.#startedAt = this.now;
    return new Promise((resolve) => {
      this.#finish = resolve;
      if (!this.ignoreAbort) {
        signal.addEventListener('abort', () => resolve({ outcome: 'aborted', playedMs: this.now - this.#startedAt }), { once: true });
      }
    });
  };

  /** The playing item reaches its end after `ms`; the executor has not heard yet. */
  complete(ms = 1000): void {
    this.now += ms;
    const finish = this.#finish;
    if (finish === null) throw new Error('nothing is playing');
    this.#finish = null;
    finish({ outcome: 'completed', playedMs: ms });
  }

  async finish(ms = 1000): Promise<void> {
    this.complete(ms);
    await tick();
  }

  started(): string[] {
    return this.starts.map((s) => `${s.kind === 'attentionTone' ? 'tone:' : ''}${s.id}`);
  }

  log(): string[] {
    return this.entries.map((e) => `${e.event}:${e.bulletinId ?? ''}${e.reason === undefined ? '' : `:${e.reason}`}`);
  }
}

function setup(options: { abortGraceMs?: number } = {}) {
  const stage = new FakeStage();
  const errors: unknown[] = [];
  const executor = new PlaybackExecutor({
    run: stage.run,
    journal: stage.journal,
    clock: stage.clock,
    onError: (err) => errors.push(err),
    ...options,
  });
  return { stage, executor, errors };
}

t.test('queued items start one at a time in Điều 8 order', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('normal-a', 'normal'));
  executor.offer(item('normal-b', 'normal'));
  executor.offer(item('prio-commune', 'priority', { originDepth: 2 }));
  executor.offer(item('prio-province', 'priority', { originDepth: 0 }));
  t.same(stage.started(), ['normal-a'], 'nothing preempts the normal bulletin already playing');
  for (let i = 0; i < 4; i++) await stage.finish();
  t.same(stage.started(), ['normal-a', 'prio-province', 'prio-commune', 'normal-b']);
  await executor.idle();
  t.same(stage.log(), ['played:normal-a', 'played:prio-province', 'played:prio-commune', 'played:normal-b']);
  t.equal(stage.entries[0]?.playedMs, 1000);
});

t.test('an emergency aborts a normal bulletin at once; the normal one is logged interrupted and dropped', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('normal-a', 'normal'));
  stage.now += 3000;
  t.same(executor.offer(item('emerg-1', 'emergency')), { action: 'preempt', interrupted: 'drop' });
  t.ok(stage.starts[0]?.signal.aborted, 'the playing item’s signal is aborted synchronously');
  await tick();
  t.same(stage.started(), ['normal-a', 'emerg-1']);
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['normal-a', 'emerg-1'], 'the normal bulletin is not played again');
  t.same(stage.log(), ['interrupted:normal-a:AGENT_ERR_PREEMPTED', 'played:emerg-1']);
  t.equal(stage.entries[0]?.playedMs, 3000);
});

t.test('an interrupted priority bulletin restarts from the beginning after the emergency', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('prio-1', 'priority', { startOffsetMs: 500 }));
  stage.now += 2000;
  executor.offer(item('emerg-1', 'emergency'));
  await tick();
  await stage.finish();
  t.same(stage.started(), ['prio-1', 'emerg-1', 'prio-1']);
  t.equal(stage.starts[2]?.offset, 0, 'restarted from the beginning, not from the late-start offset');
  await stage.finish();
  await executor.idle();
  t.same(stage.log(), ['interrupted:prio-1:AGENT_ERR_PREEMPTED', 'played:emerg-1', 'played:prio-1']);
});

t.test('a second emergency waits for the first, and emergency repeats play back to back', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('emerg-1', 'emergency', { repeat: 3, remaining: 3 }));
  t.same(executor.offer(item('emerg-2', 'emergency')), { action: 'enqueue' });
  t.notOk(stage.starts[0]?.signal.aborted);
  t.same(executor.offer(item('emerg-1', 'emergency', { repeat: 3, remaining: 3, slotAt: T0 + 9 })), {
    action: 'drop',
    reason: 'AGENT_ERR_DUPLICATE',
  });
  for (let i = 0; i < 4; i++) await stage.finish();
  t.same(stage.started(), ['emerg-1', 'emerg-1', 'emerg-1', 'emerg-2']);
  t.same(stage.starts.map((s) => s.remaining), [3, 2, 1, 1]);
  await executor.idle();
  t.same(stage.entries.map((e) => e.detail), ['Lần 1/3', 'Lần 2/3', 'Lần 3/3', undefined]);
});

t.test('an emergency arriving as a repetition ends cuts the remaining repetitions by the same rule', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('normal-1', 'normal', { repeat: 3, remaining: 3 }));
  executor.offer(item('prio-1', 'priority', { repeat: 2, remaining: 2 }));
  await executor.next();
  await tick();
  stage.complete();
  executor.offer(item('emerg-1', 'emergency'));
  await tick();
  await stage.finish();
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['normal-1', 'prio-1', 'emerg-1', 'prio-1']);
  t.same(stage.starts.map((s) => s.remaining), [3, 2, 1, 1], 'the priority bulletin owes its second play only');
  t.same(stage.log(), ['interrupted:normal-1:AGENT_ERR_SKIPPED', 'played:prio-1', 'played:emerg-1', 'played:prio-1']);

  const other = setup();
  other.executor.offer(item('normal-1', 'normal', { repeat: 2, remaining: 2 }));
  other.stage.complete();
  other.executor.offer(item('emerg-1', 'emergency'));
  await tick();
  await other.stage.finish();
  await other.executor.idle();
  t.same(other.stage.started(), ['normal-1', 'emerg-1']);
  t.same(other.stage.log(), ['played:normal-1', 'interrupted:normal-1:AGENT_ERR_PREEMPTED', 'played:emerg-1']);
});

t.test('an attention tone plays before its emergency and is not logged as a play of its own', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('normal-a', 'normal'));
  executor.offer(item('emerg-1', 'emergency', { kind: 'attentionTone' }));
  executor.offer(item('emerg-1', 'emergency'));
  await tick();
  await stage.finish();
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['normal-a', 'tone:emerg-1', 'emerg-1']);
  t.same(stage.log(), ['interrupted:normal-a:AGENT_ERR_PREEMPTED', 'played:emerg-1']);
});

t.test('STOP silences the device: aborts what plays, clears the queue, logs each as stopped', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('emerg-1', 'emergency', { repeat: 2, remaining: 2 }));
  executor.offer(item('prio-1', 'priority'));
  executor.offer(item('normal-1', 'normal'));
  stage.now += 1500;
  await executor.stop();
  t.ok(stage.starts[0]?.signal.aborted);
  await executor.idle();
  t.same(stage.started(), ['emerg-1'], 'no repeat, nothing queued plays');
  t.same(stage.log().sort(), ['stopped:emerg-1:AGENT_ERR_STOPPED', 'stopped:normal-1:AGENT_ERR_STOPPED', 'stopped:prio-1:AGENT_ERR_STOPPED']);
  t.equal(stage.entries.find((e) => e.bulletinId === 'emerg-1')?.playedMs, 1500);
  t.same(executor.snapshot().queued, []);
  executor.offer(item('normal-2', 'normal'));
  t.same(stage.started(), ['emerg-1', 'normal-2'], 'the device plays again after STOP');
});

t.test('a recall stops one bulletin wherever it is and leaves the rest', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('prio-1', 'priority'));
  executor.offer(item('normal-1', 'normal'));
  executor.offer(item('normal-2', 'normal'));
  await executor.stop('normal-1');
  t.notOk(stage.starts[0]?.signal.aborted);
  await executor.stop('prio-1');
  await tick();
  t.same(stage.started(), ['prio-1', 'normal-2']);
  await stage.finish();
  await executor.idle();
  t.same(stage.log(), ['stopped:normal-1:AGENT_ERR_STOPPED', 'stopped:prio-1:AGENT_ERR_STOPPED', 'played:normal-2']);
});

t.test('pause parks the item at its offset; resume plays on from there; emergencies play while paused', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('prio-1', 'priority'));
  executor.offer(item('normal-1', 'normal'));
  stage.now += 4000;
  await executor.pause();
  t.ok(stage.starts[0]?.signal.aborted);
  t.same(executor.snapshot().playing, { bulletinId: 'prio-1', priority: 'priority', mode: 'live', startedAt: T0, paused: true });
  executor.offer(item('normal-2', 'normal'));
  await tick();
  t.same(stage.started(), ['prio-1'], 'the programme is held');
  executor.offer(item('emerg-1', 'emergency'));
  t.same(stage.started(), ['prio-1', 'emerg-1'], 'an emergency still plays (Điều 8.1)');
  await executor.pause();
  t.notOk(stage.starts[1]?.signal.aborted, 'pause does not cut an emergency');
  await stage.finish();
  t.same(stage.started(), ['prio-1', 'emerg-1']);
  executor.resume();
  t.same(stage.started(), ['prio-1', 'emerg-1', 'prio-1']);
  t.equal(stage.starts[2]?.offset, 4000, 'resumed at the paused offset');
  await stage.finish();
  await stage.finish();
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['prio-1', 'emerg-1', 'prio-1', 'normal-1', 'normal-2']);
  t.same(stage.log(), ['played:emerg-1', 'played:prio-1', 'played:normal-1', 'played:normal-2'], 'a pause is not a log event');
});

t.test('next skips the playing item and its remaining repeats, but never an emergency', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('normal-1', 'normal', { repeat: 3, remaining: 3 }));
  executor.offer(item('normal-2', 'normal'));
  await stage.finish();
  await executor.next();
  await tick();
  t.same(stage.started(), ['normal-1', 'normal-1', 'normal-2']);
  await stage.finish();
  executor.offer(item('emerg-1', 'emergency'));
  await executor.next();
  t.notOk(stage.starts[3]?.signal.aborted);
  await stage.finish();
  await executor.idle();
  t.same(stage.log(), ['played:normal-1', 'interrupted:normal-1:AGENT_ERR_SKIPPED', 'played:normal-2', 'played:emerg-1']);
});

t.test('a failing run is logged as a fault with its code and the executor carries on', async (t) => {
  const { stage, executor } = setup();
  stage.failNext = new AgentError('AGENT_ERR_DECODE', 'bad frame');
  executor.offer(item('normal-1', 'normal'));
  executor.offer(item('normal-2', 'normal'));
  await tick();
  t.same(stage.started(), ['normal-1', 'normal-2']);
  stage.failNext = new Error('boom');
  await stage.finish();
  executor.offer(item('normal-3', 'normal'));
  await tick();
  await executor.idle();
  t.same(stage.log(), ['fault:normal-1:AGENT_ERR_DECODE', 'played:normal-2', 'fault:normal-3:AGENT_ERR_PLAYBACK']);
  t.match(stage.entries[0]?.detail, /bad frame/);
});

t.test('a driver that ignores abort is abandoned so the emergency still plays', async (t) => {
  const { stage, executor } = setup({ abortGraceMs: 20 });
  stage.ignoreAbort = true;
  executor.offer(item('normal-1', 'normal'));
  executor.offer(item('emerg-1', 'emergency'));
  stage.ignoreAbort = false;
  while (stage.starts.length < 2) await tick();
  t.same(stage.started(), ['normal-1', 'emerg-1']);
  await stage.finish();
  await executor.idle();
  t.same(stage.log(), ['fault:normal-1:AGENT_ERR_DRIVER_STUCK', 'played:emerg-1']);
});

t.test('an item reached after its latest start is logged missed, not played', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('emerg-1', 'emergency'));
  executor.offer(item('normal-1', 'normal', { notAfter: T0 + 60_000 }));
  executor.offer(item('normal-2', 'normal', { notAfter: T0 + 600_000 }));
  await stage.finish(120_000);
  t.same(stage.started(), ['emerg-1', 'normal-2']);
  await stage.finish();
  await executor.idle();
  t.same(stage.log(), ['played:emerg-1', 'missed:normal-1:AGENT_ERR_WOULD_OVERRUN', 'played:normal-2']);
});

t.test('a correction replaces the playing bulletin and a queued older revision', async (t) => {
  const { stage, executor } = setup();
  executor.offer(item('emerg-1', 'emergency'));
  executor.offer(item('normal-1', 'normal'));
  t.same(executor.offer(item('normal-1', 'normal', { revision: 2 })), { action: 'enqueue' });
  t.same(executor.offer(item('normal-1', 'normal')), { action: 'drop', reason: 'AGENT_ERR_STALE_REVISION' });
  t.same(executor.offer(item('emerg-1', 'emergency', { revision: 2 })), { action: 'preempt', interrupted: 'drop' });
  await tick();
  await stage.finish();
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['emerg-1', 'emerg-1', 'normal-1']);
  t.same(stage.entries.map((e) => `${e.event}:${e.revision}`), ['interrupted:1', 'played:2', 'played:2']);
  t.equal(stage.entries[0]?.reason, 'AGENT_ERR_SUPERSEDED');
});

t.test('snapshot shows what plays and the queue in play order, for heartbeats', async (t) => {
  const { stage, executor } = setup();
  t.same(executor.snapshot(), { playing: null, current: null, paused: null, queued: [] });
  executor.offer(item('normal-1', 'normal'));
  executor.offer(item('normal-2', 'normal'));
  executor.offer(item('prio-1', 'priority', { mode: 'test' }));
  const snap = executor.snapshot();
  t.same(snap.playing, { bulletinId: 'normal-1', priority: 'normal', mode: 'live', startedAt: T0, paused: false });
  t.same(snap.queued.map((i) => i.bulletinId), ['prio-1', 'normal-2']);
  await stage.finish();
  t.equal(executor.snapshot().current?.bulletinId, 'prio-1');
  await executor.stop();
});

t.test('bad items are refused with a coded error and change nothing', async (t) => {
  const { stage, executor } = setup();
  t.throws(() => executor.offer(item('normal-1', 'normal', { remaining: 0 })), { code: 'AGENT_ERR_QUEUE_ITEM_INVALID' });
  t.same(stage.started(), []);
});

t.test('a failing journal is reported, not thrown into playback', async (t) => {
  const stage = new FakeStage();
  const errors: unknown[] = [];
  const executor = new PlaybackExecutor({
    run: stage.run,
    clock: stage.clock,
    journal: { append: () => Promise.reject(new AgentError('AGENT_ERR_JOURNAL', 'disk gone')) },
    onError: (err) => errors.push(err),
  });
  executor.offer(item('normal-1', 'normal'));
  executor.offer(item('normal-2', 'normal'));
  await stage.finish();
  await stage.finish();
  await executor.idle();
  t.same(stage.started(), ['normal-1', 'normal-2']);
  t.equal(errors.length, 2);
});
