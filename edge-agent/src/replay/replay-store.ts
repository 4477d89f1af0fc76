// Ids of signed envelopes already acted on, kept until they expire (design.md §6: replay protection; domain.md: US
// and Israeli sirens were triggered by replayed commands). Survives restarts: an append-only file, group-committed,
// compacted (expired ids dropped) when it has grown to twice what is live; loaded on start.
//
// Bound (decided here): at most `maxIds` live ids. Past that, the ids closest to expiry are forgotten first: the
// envelope's own expiry check still rejects them once they lapse, and refusing a new emergency because bookkeeping is
// full would break Điều 8.1. Hub-signed envelopes are the only ones remembered, so only the hub can fill it.
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ReplayCheck } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';
import { encodeLine, readLines } from '../journal/checked-line.js';
import { appendDurably, writeFileAtomic } from '../journal/durable-fs.js';
import { GroupCommit } from '../journal/group-commit.js';

const ID = /^[\x21-\x7e]{1,128}$/;

export interface ReplayStoreOptions {
  /** e.g. `<dataDir>/replay.log` */
  readonly file: string;
  readonly maxIds?: number;
  readonly groupCommitMs?: number;
  readonly clock?: { now(): number };
}

export interface ReplayStoreStats {
  readonly ids: number;
  readonly fileLines: number;
  /** Live ids forgotten by the bound since start. */
  readonly forgotten: number;
}

export class ReplayStore implements ReplayCheck {
  readonly #path: string;
  readonly #maxIds: number;
  readonly #clock: { now(): number };
  readonly #commit: GroupCommit<string>;
  readonly #ids = new Map<string, number>();
  #file: FileHandle | null = null;
  #fileLines = 0;
  #linesAtCheck = 0;
  #forgotten = 0;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(options: ReplayStoreOptions) {
    this.#path = options.file;
    this.#maxIds = options.maxIds ?? 100_000;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#commit = new GroupCommit((lines) => this.#exclusive(() => this.#write(lines)), options.groupCommitMs ?? 2);
  }

  /** Loads the ids that have not expired; a torn or garbled line is skipped. */
  async open(): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    let data = Buffer.alloc(0);
    try {
      data = await readFile(this.#path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const now = this.#clock.now();
    const { payloads, validBytes } = readLines(data);
    for (const payload of payloads) {
      const match = /^(\d+) (\S+)$/.exec(payload);
      if (match === null) continue;
      const expiresAt = Number(match[1]);
      const id = match[2] ?? '';
      if (expiresAt > now && expiresAt > (this.#ids.get(id) ?? 0)) this.#ids.set(id, expiresAt);
    }
    this.#fileLines = payloads.length;
    this.#enforceBound();
    const stale = this.#fileLines > 256 + 2 * this.#ids.size;
    this.#file = await open(this.#path, 'a');
    // A torn tail would glue itself to the next line; rewriting once also drops whatever expired.
    if (validBytes < data.length || stale) await this.compact();
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** `has(id)` is true at once; resolves when the id is durable. Rejects AGENT_ERR_REPLAY_STORE for an id that is not
   *  printable ASCII up to 128 characters, or when the disk fails. */
  async remember(id: string, expiresAt: number): Promise<void> {
    if (!ID.test(id) || !Number.isSafeInteger(expiresAt) || expiresAt < 0) {
      throw new AgentError('AGENT_ERR_REPLAY_STORE', `invalid id or expiry: ${id.slice(0, 80)}`);
    }
    if (this.#file === null) throw new AgentError('AGENT_ERR_REPLAY_STORE', 'replay store is not open');
    this.#ids.set(id, Math.max(expiresAt, this.#ids.get(id) ?? 0));
    this.#enforceBound();
    try {
      await this.#commit.add(encodeLine(`${expiresAt} ${id}`));
    } catch (err) {
      throw new AgentError('AGENT_ERR_REPLAY_STORE', err instanceof Error ? err.message : String(err), { cause: err });
    }
    if (this.#needsCompaction()) await this.compact();
  }

  /** Forgets expired ids and rewrites the file with what is live. For a periodic timer, too (hourly is plenty). */
  async compact(): Promise<void> {
    await this.#exclusive(async () => {
      this.#pruneExpired();
      const text = [...this.#ids].map(([id, expiresAt]) => encodeLine(`${expiresAt} ${id}`)).join('');
      await this.#file?.close();
      await writeFileAtomic(this.#path, Buffer.from(text, 'utf8'), dirname(this.#path));
      this.#file = await open(this.#path, 'a');
      this.#fileLines = this.#ids.size;
      this.#linesAtCheck = this.#fileLines;
    });
  }

  stats(): ReplayStoreStats {
    return { ids: this.#ids.size, fileLines: this.#fileLines, forgotten: this.#forgotten };
  }

  async close(): Promise<void> {
    await this.#commit.drain();
    await this.#exclusive(async () => {
      await this.#file?.close();
      this.#file = null;
    });
  }

  /** Expired ids count in memory until pruned, so every 256 appended lines they are pruned (O(ids)) and the file is
   *  compacted once it holds over twice what is live. */
  #needsCompaction(): boolean {
    if (this.#fileLines - this.#linesAtCheck < 256) return false;
    this.#linesAtCheck = this.#fileLines;
    this.#pruneExpired();
    return this.#fileLines > 256 + 2 * this.#ids.size;
  }

  #pruneExpired(): void {
    const now = this.#clock.now();
    for (const [id, expiresAt] of this.#ids) if (expiresAt <= now) this.#ids.delete(id);
  }

  #enforceBound(): void {
    if (this.#ids.size <= this.#maxIds) return;
    this.#pruneExpired();
    const excess = this.#ids.size - this.#maxIds;
    if (excess <= 0) return;
    const soonest = [...this.#ids].sort((a, b) => a[1] - b[1]).slice(0, excess);
    for (const [id] of soonest) this.#ids.delete(id);
    this.#forgotten += excess;
  }

  async #write(lines: string[]): Promise<void> {
    if (this.#file === null) throw new AgentError('AGENT_ERR_REPLAY_STORE', 'replay store is closed');
    await appendDurably(this.#file, Buffer.from(lines.join(''), 'utf8'));
    this.#fileLines += lines.length;
  }

  #exclusive<R>(task: () => Promise<R>): Promise<R> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}
