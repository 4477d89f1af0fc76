// The agent logs through this (pino's shape, so main.ts passes a pino child logger; simulators pass nothing).
// Payload bodies and secrets never go in (style.md §11).
export interface AgentLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const quiet = (): void => undefined;
export const silentLogger: AgentLogger = { debug: quiet, info: quiet, warn: quiet, error: quiet };
