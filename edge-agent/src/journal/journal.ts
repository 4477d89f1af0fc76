// The durable playback log (nhật ký phát), design.md §8: every entry is on disk before anyone can report it, gets a
// per-device strictly increasing seq that survives restarts, and leaves only after the hub's application ack.
//
// SD-card wear: entries go to append-only segment files (`seg-<firstSeq>.log`), group-committed (one write + one
// fdatasync per batch); no file is rewritten per event. A segment is deleted whole once nothing in it is pending.
// Acks go to `acks.log` (append-only, rewritten small only when it grows). A SIGKILL mid-write leaves at most a torn
// last line, which has no newline (or fails its CRC) and is ignored and cut off on reopen.
//
// Bound (decided here): at most `maxSegments` segment files. Past that, the oldest segment is retired: its pending
// emergency entries are carried forward (same seq, so the hub still de-duplicates) and the rest are dropped, and a
// 'fault' entry says how many. Emergencies are the proof that matters most after a disaster; routine entries are the
// oldest and least useful.
import { mkdir, open, readdir, readFile, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isValid, MAX_LOGS_PER_BATCH, PlaybackLog, TOPICS } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import { encodeLine, readLines } from './checked-line.js';
import { appendDurably, fsyncDir, writeFileAtomic } from './durable-fs.js';
import { GroupCommit } from './group-commit.js';
import type { NewPlaybackLog, PlaybackRecorder } from './new-playback-log.js';
import { gapsIn, inRanges, mergeRanges, runsOf, type SeqRange } from './seq-ranges.js';

const SEGMENT_NAME = /^seg-(\d{12})\.log$/;
const ACKS = 'acks.log';
/** The batch's own JSON framing must fit too. */
const DEFAULT_BATCH_BYTES = TOPICS.logBatch.maxBytes - 1024;

export interface JournalOptions {
  readonly dir: string;
  /** Appends within this window share one write and fsync. */
  readonly groupCommitMs?: number;
  /** Entries per segment before a new one starts. */
  readonly segmentEntries?: number;
  /** Segment files kept at most (≥ 2); bounds the journal to about segmentEntries × maxSegments entries. */
  readonly maxSegments?: number;
  readonly clock?: { now(): number };
}

export interface JournalStats {
  readonly nextSeq: number;
  readonly pending: number;
  readonly segments: number;
  /** Bytes written to segment and ack files since open (SD-card wear). */
  readonly bytesWritten: number;
  readonly syncs: number;
  /** Pending entries dropped by the bound since open. */
  readonly dropped: number;
}

interface Segment {
  readonly firstSeq: number;
  readonly path: string;
  lines: number;
  pending: number;
}

interface Stored {
  readonly entry: PlaybackLog;
  segment: Segment;
}

const segmentName = (firstSeq: number): string => `seg-${String(firstSeq).padStart(12, '0')}.log`;

export class Journal implements PlaybackRecorder {
  readonly #dir: string;
  readonly #segmentEntries: number;
  readonly #maxSegments: number;
  readonly #clock: { now(): number };
  readonly #commit: GroupCommit<PlaybackLog>;
  #segments: Segment[] = [];
  #file: FileHandle | null = null;
  /** A failed write may have left a partial line; the next batch starts a fresh segment rather than append to it. */
  #dirty = false;
  readonly #pending = new Map<number, Stored>();
  #nextSeq = 1;
  #durableSeq = 0;
  #ackLines = 0;
  /** Lines the last compaction left; compaction waits until the file doubles past that, so scattered acks that
   *  cannot be merged do not trigger a rewrite per ack. */
  #ackLinesCompacted = 0;
  #bytesWritten = 0;
  #syncs = 0;
  #dropped = 0;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(options: JournalOptions) {
    this.#dir = options.dir;
    this.#segmentEntries = options.segmentEntries ?? 1000;
    this.#maxSegments = Math.max(2, options.maxSegments ?? 20);
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#commit = new GroupCommit((entries) => this.#exclusive(() => this.#writeBatch(entries)), options.groupCommitMs ?? 4);
  }

  /** Reads what is on disk, cuts a torn tail, and readies the active segment. */
  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const names = await readdir(this.#dir);
    const acked = mergeRanges(await this.#readAcks());
    const found = new Map<number, Stored>();
    let corrupt = 0;
    let maxSeq = 0;
    const firstSeqs = names.flatMap((n) => SEGMENT_NAME.exec(n)?.[1] ?? []).map(Number).sort((a, b) => a - b);
    for (const [i, firstSeq] of firstSeqs.entries()) {
      const segment: Segment = { firstSeq, path: join(this.#dir, segmentName(firstSeq)), lines: 0, pending: 0 };
      const data = await readFile(segment.path);
      const read = readLines(data);
      corrupt += read.corrupt;
      for (const payload of read.payloads) {
        const entry = parseEntry(payload);
        if (entry === null) {
          corrupt++;
          continue;
        }
        segment.lines++;
        maxSeq = Math.max(maxSeq, entry.seq);
        // A carried-forward copy of an entry whose old segment outlived a crash: one seq, one entry.
        if (inRanges(acked, entry.seq) || found.has(entry.seq)) continue;
        found.set(entry.seq, { entry, segment });
        segment.pending++;
      }
      if (i === firstSeqs.length - 1 && read.validBytes < data.length) await truncate(segment.path, read.validBytes);
      this.#segments.push(segment);
    }
    const lastAcked = acked[acked.length - 1]?.[1] ?? 0;
    const lastFirst = this.#segments[this.#segments.length - 1]?.firstSeq ?? 1;
    this.#nextSeq = Math.max(maxSeq + 1, lastAcked + 1, lastFirst);
    this.#durableSeq = this.#nextSeq - 1;
    for (const seq of [...found.keys()].sort((a, b) => a - b)) this.#pending.set(seq, found.get(seq) as Stored);
    if (this.#segments.length === 0) await this.#startSegment(this.#nextSeq);
    else this.#file = await open(this.#active().path, 'a');
    await this.#compact();
    if (corrupt > 0) {
      await this.append({
        at: this.#clock.now(),
        event: 'fault',
        reason: 'AGENT_ERR_JOURNAL_CORRUPT',
        detail: `Bỏ qua ${corrupt} dòng nhật ký hỏng khi mở lại`,
      });
    }
  }

  /** Resolves with the stored entry (its seq assigned) once it is durable. Rejects AGENT_ERR_JOURNAL_ENTRY_INVALID
   *  for an entry the hub would refuse (it would poison every batch), AGENT_ERR_JOURNAL when the disk fails. */
  append(entry: NewPlaybackLog): Promise<PlaybackLog> {
    if (this.#file === null) return Promise.reject(new AgentError('AGENT_ERR_JOURNAL', 'journal is not open'));
    const stored = { seq: this.#nextSeq, ...entry };
    if (!isValid(PlaybackLog, stored)) {
      return Promise.reject(new AgentError('AGENT_ERR_JOURNAL_ENTRY_INVALID', JSON.stringify(entry).slice(0, 200)));
    }
    this.#nextSeq++;
    return this.#commit.add(stored).then(
      () => stored,
      (err: unknown) => {
        throw new AgentError('AGENT_ERR_JOURNAL', err instanceof Error ? err.message : String(err), { cause: err });
      },
    );
  }

  /** Unacknowledged durable entries in seq order, for one LogBatch (by count and by the topic's byte limit). */
  pending(limit: number = MAX_LOGS_PER_BATCH, maxBytes: number = DEFAULT_BATCH_BYTES): PlaybackLog[] {
    const batch: PlaybackLog[] = [];
    let bytes = 0;
    for (const { entry } of this.#pending.values()) {
      if (batch.length >= limit) break;
      bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
      if (bytes > maxBytes && batch.length > 0) break;
      batch.push(entry);
    }
    return batch;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * The hub's application ack (LogAck, sent after commit): the entries fromSeq..toSeq leave the journal. Resolves with
   * how many were still pending (0 for a repeated ack). Rejects AGENT_ERR_LOG_ACK_INVALID for a range that is not
   * one, or reaches past what was written.
   */
  async acknowledge(fromSeq: number, toSeq: number): Promise<number> {
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq) || fromSeq < 1 || toSeq < fromSeq) {
      throw new AgentError('AGENT_ERR_LOG_ACK_INVALID', `${fromSeq}..${toSeq}`);
    }
    if (toSeq > this.#durableSeq) {
      throw new AgentError('AGENT_ERR_LOG_ACK_INVALID', `${toSeq} was never written (last ${this.#durableSeq})`);
    }
    return this.#exclusive(async () => {
      const hits = [...this.#pending.keys()].filter((seq) => seq >= fromSeq && seq <= toSeq);
      if (hits.length === 0) return 0;
      await this.#appendAcks('a', [[fromSeq, toSeq]]);
      for (const seq of hits) this.#release(seq);
      await this.#compact();
      return hits.length;
    });
  }

  stats(): JournalStats {
    return {
      nextSeq: this.#nextSeq,
      pending: this.#pending.size,
      segments: this.#segments.length,
      bytesWritten: this.#bytesWritten,
      syncs: this.#syncs,
      dropped: this.#dropped,
    };
  }

  /** Flushes what is waiting and closes the active segment. */
  async close(): Promise<void> {
    await this.#commit.drain();
    await this.#exclusive(async () => {
      await this.#file?.close();
      this.#file = null;
    });
  }

  #exclusive<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  #active(): Segment {
    const active = this.#segments[this.#segments.length - 1];
    if (active === undefined) throw new AgentError('AGENT_ERR_JOURNAL', 'no active segment');
    return active;
  }

  async #writeBatch(entries: PlaybackLog[]): Promise<void> {
    const first = entries[0];
    if (first === undefined) return;
    if (this.#dirty || this.#active().lines >= this.#segmentEntries) await this.#startSegment(first.seq);
    const segment = this.#active();
    await this.#write(entries.map((e) => encodeLine(JSON.stringify(e))).join(''));
    for (const entry of entries) {
      this.#pending.set(entry.seq, { entry, segment });
      segment.pending++;
      segment.lines++;
      this.#durableSeq = entry.seq;
    }
    if (this.#segments.length > this.#maxSegments) await this.#retireOldest();
  }

  async #write(text: string): Promise<void> {
    const file = this.#file;
    if (file === null) throw new AgentError('AGENT_ERR_JOURNAL', 'journal is closed');
    const data = Buffer.from(text, 'utf8');
    try {
      await appendDurably(file, data);
    } catch (err) {
      this.#dirty = true;
      throw err;
    }
    this.#bytesWritten += data.length;
    this.#syncs++;
  }

  async #startSegment(firstSeq: number): Promise<void> {
    await this.#file?.close();
    const segment: Segment = { firstSeq, path: join(this.#dir, segmentName(firstSeq)), lines: 0, pending: 0 };
    this.#file = await open(segment.path, 'a');
    await fsyncDir(this.#dir);
    this.#segments.push(segment);
    this.#dirty = false;
    await this.#compact();
  }

  /** The bound: see the header. Runs inside a batch write, after the batch is durable. */
  async #retireOldest(): Promise<void> {
    const oldest = this.#segments[0];
    if (oldest === undefined || oldest === this.#active()) return;
    const inside = [...this.#pending.values()].filter((s) => s.segment === oldest);
    const emergencies = inside.filter((s) => s.entry.priority === 'emergency');
    const carried = emergencies.length <= this.#segmentEntries / 2 ? emergencies : [];
    const dropped = inside.filter((s) => !carried.includes(s)).map((s) => s.entry.seq);
    if (carried.length > 0) {
      const active = this.#active();
      await this.#write(carried.map((s) => encodeLine(JSON.stringify(s.entry))).join(''));
      for (const stored of carried) stored.segment = active;
      active.pending += carried.length;
      active.lines += carried.length;
      oldest.pending -= carried.length;
    }
    if (dropped.length > 0) {
      await this.#appendAcks('d', runsOf(dropped));
      for (const seq of dropped) this.#release(seq);
      this.#dropped += dropped.length;
    }
    await this.#compact();
    if (dropped.length === 0) return;
    // Queued behind this batch; if the disk is failing it fails like any append, and there is no one else to tell.
    void this.append({
      at: this.#clock.now(),
      event: 'fault',
      reason: 'AGENT_ERR_JOURNAL_OVERFLOW',
      detail: `Đã bỏ ${dropped.length} mục nhật ký chưa gửi được (seq ${dropped[0]}–${dropped[dropped.length - 1]}) vì nhật ký đầy`,
    }).catch(() => undefined);
  }

  #release(seq: number): void {
    const stored = this.#pending.get(seq);
    if (stored === undefined) return;
    this.#pending.delete(seq);
    stored.segment.pending--;
  }

  /** Deletes whole segments with nothing pending (never the active one), then shrinks acks.log if it grew. */
  async #compact(): Promise<void> {
    const active = this.#active();
    const spent = this.#segments.filter((s) => s !== active && s.pending === 0);
    if (spent.length > 0) {
      for (const segment of spent) await unlink(segment.path);
      this.#segments = this.#segments.filter((s) => !spent.includes(s));
      await fsyncDir(this.#dir);
    }
    if (this.#ackLines <= 256 + 2 * this.#ackLinesCompacted) return;
    // Everything in the remaining segments that is not pending was acked or dropped.
    const lo = this.#segments[0]?.firstSeq ?? this.#nextSeq;
    const gaps = gapsIn([...this.#pending.keys()].sort((a, b) => a - b), lo, this.#durableSeq);
    const text = gaps.map(([from, to]) => encodeLine(`a ${from} ${to}`)).join('');
    await writeFileAtomic(join(this.#dir, ACKS), Buffer.from(text, 'utf8'), this.#dir);
    this.#bytesWritten += Buffer.byteLength(text);
    this.#ackLines = gaps.length;
    this.#ackLinesCompacted = gaps.length;
  }

  async #appendAcks(kind: 'a' | 'd', ranges: readonly SeqRange[]): Promise<void> {
    const text = ranges.map(([from, to]) => encodeLine(`${kind} ${from} ${to}`)).join('');
    const file = await open(join(this.#dir, ACKS), 'a');
    try {
      await appendDurably(file, Buffer.from(text, 'utf8'));
    } finally {
      await file.close();
    }
    this.#bytesWritten += Buffer.byteLength(text);
    this.#syncs++;
    this.#ackLines += ranges.length;
  }

  async #readAcks(): Promise<SeqRange[]> {
    let data: Buffer;
    try {
      data = await readFile(join(this.#dir, ACKS));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const ranges: SeqRange[] = [];
    for (const payload of readLines(data).payloads) {
      const match = /^[ad] (\d+) (\d+)$/.exec(payload);
      if (match !== null) ranges.push([Number(match[1]), Number(match[2])]);
    }
    this.#ackLines = ranges.length;
    return ranges;
  }
}

function parseEntry(payload: string): PlaybackLog | null {
  try {
    const value: unknown = JSON.parse(payload);
    return isValid(PlaybackLog, value) ? value : null;
  } catch {
    return null;
  }
}
