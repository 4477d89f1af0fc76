// The two commands a technician types (issue 5): `enroll` once at install, `run` from systemd. Parsed purely, so
// every mistake is refused with AGENT_ERR_USAGE before anything touches the disk or the network.
import { parseArgs } from 'node:util';
import { AgentError } from '../errors.js';

export type CliCommand =
  | { readonly command: 'enroll'; readonly hubUrl: string; readonly code: string; readonly stateDir?: string; readonly configFile?: string }
  | { readonly command: 'run'; readonly stateDir?: string; readonly configFile?: string }
  | { readonly command: 'help' };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'enroll' && command !== 'run') throw new AgentError('AGENT_ERR_USAGE', `unknown command ${JSON.stringify(command)}`);
  let values: { hub?: string | undefined; code?: string | undefined; state?: string | undefined; config?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { hub: { type: 'string' }, code: { type: 'string' }, state: { type: 'string' }, config: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new AgentError('AGENT_ERR_USAGE', (err as Error).message);
  }
  const common = {
    ...(values.state === undefined ? {} : { stateDir: values.state }),
    ...(values.config === undefined ? {} : { configFile: values.config }),
  };
  if (command === 'run') {
    if (values.hub !== undefined || values.code !== undefined) throw new AgentError('AGENT_ERR_USAGE', '--hub and --code belong to enroll');
    return { command, ...common };
  }
  const missing = (['hub', 'code'] as const).filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) throw new AgentError('AGENT_ERR_USAGE', `enroll needs ${missing.map((k) => `--${k}`).join(' and ')}`);
  return { command, hubUrl: values.hub ?? '', code: values.code ?? '', ...common };
}
