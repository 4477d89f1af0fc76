// The agent's composition root (style.md §1, design.md §13): read the config once, load the enrolment, choose the
// drivers, build the agent, start it, and stop it in reverse on SIGTERM. Reboot is exit code 75, which the systemd
// unit restarts (deploy/tinnguon-agent.service).
import { pino } from 'pino';
import { loadAgentConfig } from './config/agent-config.js';
import { loadEnrolment } from './config/state-dir.js';
import { chooseDrivers } from './runtime/choose-drivers.js';
import { createAgent } from './runtime/create-agent.js';

export interface RunOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly configFile?: string;
  readonly stateDir?: string;
}

/** Resolves once the agent runs; the process then lives until a signal or a reboot command. */
export async function runAgent(options: RunOptions): Promise<void> {
  const config = loadAgentConfig({
    env: options.env,
    ...(options.configFile === undefined ? {} : { file: options.configFile }),
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
  });
  const logger = pino({ level: config.logLevel, redact: ['password', 'mqttPassword', 'authorization', '*.password', '*.authorization'] });
  const enrolment = await loadEnrolment(config.stateDir);
  const drivers = await chooseDrivers(config, enrolment.kind);
  const closeDrivers = async (): Promise<void> => {
    await drivers.ledSink?.close().catch(() => undefined);
    await drivers.audioSink?.close().catch(() => undefined);
  };
  const agent = createAgent({
    config,
    enrolment,
    logger: logger.child({ component: 'agent', deviceId: enrolment.deviceId }),
    ...(drivers.audioSink === undefined ? {} : { audioSink: drivers.audioSink }),
    ...(drivers.amplifier === undefined ? {} : { amplifier: drivers.amplifier }),
    ...(drivers.ledSink === undefined ? {} : { ledSink: drivers.ledSink }),
    ...(drivers.ledSize === undefined ? {} : { ledSize: drivers.ledSize }),
    exit: (code) => void closeDrivers().finally(() => process.exit(code)),
  });
  logger.info({ deviceId: enrolment.deviceId, kind: enrolment.kind, drivers: drivers.chosen, stateDir: config.stateDir }, 'starting');
  await agent.start();
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void agent
      .stop()
      .then(closeDrivers)
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // An agent with no network still has a programme to play: keep the process alive between timers.
  setInterval(() => undefined, 1 << 30);
}
