import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Journal } from '../../../edge-agent/src/journal/journal.js';

const CHILD = fileURLToPath(new URL('./fixtures/journal-writer.ts', import.meta.url));

interface Printed {
  readonly seqs: number[];
  /** Acks that completed. */
  readonly acks: [number, number][];
  /** Acks begun; the kill may land after one is durable but before it is reported. */
  readonly acking: [number, number][];
}

/** Runs the writer until it has printed `killAfter` seqs, then SIGKILLs it mid-flight. */
function runAndKill(dir: string, killAfter: number): Promise<Printed> {
  return new Promise((resolve, reject) => {
    // process.execArgv carries tap's TypeScript loader and the source condition, so the child runs the .ts sources.
    const child = spawn(process.execPath, [...process.execArgv, CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const seqs: number[] = [];
    const acks: [number, number][] = [];
    const acking: [number, number][] = [];
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'seq') seqs.push(Number(a));
        if (kind === 'ack') acks.push([Number(a), Number(b)]);
        if (kind === 'acking') acking.push([Number(a), Number(b)]);
      }
      if (seqs.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited with ${String(code)} before it was killed`));
      else resolve({ seqs, acks, acking });
    });
  });
}

t.test('SIGKILL mid-write: every reported seq survives exactly once, acked ones stay gone', async (t) => {
  const dir = t.testdir();
  const reported = new Set<number>();
  const acked: [number, number][] = [];
  const ackBegun: [number, number][] = [];
  for (let round = 0; round < 3; round++) {
    const printed = await runAndKill(dir, 150 + Math.floor(Math.random() * 400));
    t.same(printed.seqs.filter((seq) => reported.has(seq)), [], 'no seq is handed out twice, across restarts');
    for (const seq of printed.seqs) reported.add(seq);
    acked.push(...printed.acks);
    ackBegun.push(...printed.acking);

    const journal = new Journal({ dir, maxSegments: 100_000 });
    await journal.open();
    const pending = journal.pending(1_000_000, Number.MAX_SAFE_INTEGER);
    const pendingSeqs = pending.map((e) => e.seq);
    t.equal(new Set(pendingSeqs).size, pendingSeqs.length, 'no entry is doubled');
    t.same(pendingSeqs, [...pendingSeqs].sort((a, b) => a - b), 'pending is in seq order');
    const within = (ranges: [number, number][]) => (seq: number) => ranges.some(([from, to]) => seq >= from && seq <= to);
    const isAcked = within(acked);
    const mayBeAcked = within(ackBegun);
    const missing = [...reported].filter((seq) => !mayBeAcked(seq) && !pendingSeqs.includes(seq));
    t.same(missing, [], `round ${round}: every printed, unacknowledged seq is pending`);
    t.same(pendingSeqs.filter(isAcked), [], 'acknowledged entries do not come back');
    const stats = journal.stats();
    t.ok(stats.nextSeq > Math.max(...reported), 'the next seq is above every reported one');
    t.same(pending.filter((e) => e.event === 'fault'), [], 'a torn tail is expected after SIGKILL, not reported as corruption');
    await journal.close();
  }
});
