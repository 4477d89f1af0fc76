// Configuration, the state directory and enrolment.
export type { AgentConfig } from './agent-config.js';
export { AGENT_BUILD_TIME, AgentConfigSchema, ENV_PREFIX, envNames, loadAgentConfig, resolveAgentConfig } from './agent-config.js';
export type { Credentials, DeviceIdentity, Enrolment } from './state-dir.js';
export { STATE_FILES, loadEnrolment, saveEnrolment, statePath, writeStateFile } from './state-dir.js';
export type { EnrolOptions } from './enrol.js';
export { checkEnrolInput, enrolWithHub } from './enrol.js';
export type { CliCommand } from './cli-args.js';
export { parseCliArgs } from './cli-args.js';
export type { TechnicianMessage } from './technician-messages.js';
export { TECHNICIAN_MESSAGES, technicianReport } from './technician-messages.js';
