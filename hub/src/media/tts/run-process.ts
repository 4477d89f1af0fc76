// Runs a local program with bytes on stdin and collects stdout: the one place the hub starts TTS and encoder
// processes. No shell and an argument array (text never becomes a command line); a timeout and an AbortSignal both
// kill the child, and the call settles only after the child has exited, so no process outlives its caller.

import { spawn } from 'node:child_process';

export interface RunProcessOptions {
  readonly input: Uint8Array | string;
  readonly timeoutMs: number;
  readonly maxStdoutBytes: number;
  readonly signal?: AbortSignal | undefined;
}

export type ProcessOutcome =
  | { readonly kind: 'exited'; readonly code: number | null; readonly stdout: Buffer; readonly stderr: string }
  | { readonly kind: 'not-found'; readonly errno: string }
  | { readonly kind: 'timeout'; readonly stderr: string }
  | { readonly kind: 'output-too-large' };

const STDERR_KEEP = 4096;

/** Resolves with what happened; rejects only with the signal's reason when the caller aborted. */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessOutcome> {
  options.signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    // detached: its own process group, so a kill also reaches anything it started (a wrapper script's children
    // would otherwise keep stdout open and the call would wait for them).
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], shell: false, detached: true });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let stopped: 'timeout' | 'output-too-large' | 'aborted' | null = null;
    let settled = false;

    const stop = (reason: 'timeout' | 'output-too-large' | 'aborted'): void => {
      stopped ??= reason;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = (): void => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      settle();
    };

    child.on('error', (err: NodeJS.ErrnoException) => {
      // Spawn failures (no such binary, not executable) come here without a process to wait for.
      if (child.pid === undefined) {
        finish(() => resolve({ kind: 'not-found', errno: err.code ?? 'unknown' }));
      }
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.maxStdoutBytes) stop('output-too-large');
      else if (stopped === null) chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_KEEP) stderr += text;
    });
    child.on('close', (code) => {
      finish(() => {
        if (stopped === 'aborted') reject(asError(options.signal?.reason));
        else if (stopped === 'timeout') resolve({ kind: 'timeout', stderr });
        else if (stopped === 'output-too-large') resolve({ kind: 'output-too-large' });
        else resolve({ kind: 'exited', code, stdout: Buffer.concat(chunks), stderr });
      });
    });
    // EPIPE when the program exits without reading its input: its exit status tells what went wrong.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone: its 'close' event settles the call.
  }
}

/** AbortSignal reasons are Errors unless a caller passed something odd to abort(). */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
