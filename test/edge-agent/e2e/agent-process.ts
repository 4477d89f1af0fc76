// The agent as systemd runs it: `edge-agent run` in its own process (the CLI from source, through tap's TypeScript
// loader), so a test can SIGKILL it mid-play and start it again on the same state directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AGENT_NODE_FLAGS } from '../../../edge-agent/src/runtime/agent-node-flags.js';

export const CLI = fileURLToPath(new URL('../../../edge-agent/src/cli.ts', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion (enroll, usage errors). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface AgentProcess {
  readonly child: ChildProcess;
  /** pino lines so far, parsed. */
  readonly lines: { msg?: string; [k: string]: unknown }[];
  waitForLog(msg: string, ceilingMs?: number): Promise<{ msg?: string; [k: string]: unknown }>;
  rssKiB(): number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startAgentProcess(stateDir: string, env: Record<string, string>): AgentProcess {
  // With the flags systemd gives it (runtime/agent-node-flags.ts), so these tests run the agent as deployed.
  const child = spawn(process.execPath, [...AGENT_NODE_FLAGS, ...process.execArgv, CLI, 'run', '--state', stateDir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: { msg?: string }[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line) as { msg?: string });
      } catch {
        // not a log line
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exited,
    async waitForLog(msg, ceilingMs = 60_000) {
      const started = Date.now();
      for (;;) {
        const hit = lines.find((l) => l.msg === msg);
        if (hit !== undefined) return hit;
        if (child.exitCode !== null) throw new Error(`agent exited (${child.exitCode}) before logging "${msg}"`);
        if (Date.now() - started > ceilingMs) throw new Error(`no "${msg}" within ${ceilingMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    rssKiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    },
  };
}
