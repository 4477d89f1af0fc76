// Signed remote control (design.md §6; domain.md: vendors offer volume, amplifier, stop/next/pause/resume, reboot).
// Each verified command is carried out and answered with a CommandResult; none of them runs anything on a shell —
// a reboot is an exit with a code systemd restarts (deploy/tinnguon-agent.service), after the journal is flushed.
import type { Command, CommandResult, SignedEnvelope } from '@tinnguon/protocol';
import { AgentError, isAgentError, type AgentErrorCode } from '../errors.js';

/** What commands act on; the Agent provides it. */
export interface CommandTarget {
  setVolume(level: number): void;
  amplifier(on: boolean): Promise<void>;
  playback(op: 'stop' | 'next' | 'pause' | 'resume'): Promise<void>;
  resync(): Promise<string>;
  /** Writes the "now showing" PNG; resolves with a description, or rejects AGENT_ERR_COMMAND_UNSUPPORTED. */
  snapshot(): Promise<string>;
  /** Flushes and exits with the restart code; resolves when it is safe to report. */
  prepareReboot(): Promise<void>;
  reboot(): void;
}

export interface CommandHandlerOptions {
  readonly target: CommandTarget;
  readonly now: () => number;
  readonly report: (result: CommandResult) => Promise<void>;
  readonly onError: (err: unknown, context: string) => void;
}

const DONE: Record<Command['action'], string> = {
  volume: 'Đã đặt âm lượng',
  amplifier: 'Đã chuyển bộ khuếch đại',
  playback: 'Đã thực hiện lệnh phát',
  resync: 'Đã đồng bộ lại',
  reboot: 'Đang khởi động lại phần mềm',
  snapshot: 'Đã chụp nội dung đang hiển thị',
};

export class CommandHandler {
  readonly #o: CommandHandlerOptions;

  constructor(options: CommandHandlerOptions) {
    this.#o = options;
  }

  /** Carries a verified command out and reports it; never rejects. */
  async handle(envelope: SignedEnvelope<'command'>): Promise<CommandResult> {
    const command = envelope.payload;
    let result: CommandResult;
    try {
      const detail = await this.#execute(command);
      result = { commandId: envelope.id, ok: true, at: this.#o.now(), detail: `${DONE[command.action]}${detail === '' ? '' : `: ${detail}`}`.slice(0, 500) };
    } catch (err) {
      const code: AgentErrorCode = isAgentError(err) ? err.code : 'AGENT_ERR_COMMAND_FAILED';
      result = { commandId: envelope.id, ok: false, at: this.#o.now(), code, detail: (err instanceof Error ? err.message : String(err)).slice(0, 500) || code };
    }
    await this.#o.report(result).catch((err: unknown) => this.#o.onError(err, 'command result'));
    if (result.ok && command.action === 'reboot') this.#o.target.reboot();
    return result;
  }

  async #execute(command: Command): Promise<string> {
    const t = this.#o.target;
    switch (command.action) {
      case 'volume':
        t.setVolume(command.level);
        return String(command.level);
      case 'amplifier':
        await t.amplifier(command.on);
        return command.on ? 'bật' : 'tự động (tắt khi không phát)';
      case 'playback':
        await t.playback(command.op);
        return command.op;
      case 'resync':
        return t.resync();
      case 'snapshot':
        return t.snapshot();
      case 'reboot':
        await t.prepareReboot();
        return '';
      default:
        throw new AgentError('AGENT_ERR_COMMAND_UNKNOWN', (command as { action?: unknown }).action as string);
    }
  }
}
