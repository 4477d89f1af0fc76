// The agent's error catalogue (style.md §9). Codes appear in playback-log `reason` fields and command results.

export const AGENT_ERRORS = {
  AGENT_ERR_CONFIG_INVALID: 'Invalid agent configuration',
  AGENT_ERR_NOT_ENROLLED: 'This device is not enrolled yet',
  AGENT_ERR_ENROLMENT_FAILED: 'Enrolment with the hub failed',
  AGENT_ERR_VERIFY: 'Signed content failed verification',
  AGENT_ERR_MANIFEST_STALE: 'Manifest is older than the one in force',
  AGENT_ERR_DOWNLOAD: 'Download failed',
  AGENT_ERR_HASH_MISMATCH: 'Downloaded file does not match its SHA-256',
  AGENT_ERR_DISK_FULL: 'Not enough free disk for the cache',
  AGENT_ERR_MEDIA_MISSING: 'Media is not in the cache',
  AGENT_ERR_DECODE: 'Audio could not be decoded',
  AGENT_ERR_AUDIO_DRIVER: 'Audio driver failed',
  AGENT_ERR_AUDIO_REQUEST_INVALID: 'Invalid playback request (volume 0–100, offset ≥ 0)',
  AGENT_ERR_AMPLIFIER: 'Amplifier control failed',
  AGENT_ERR_LED_DRIVER: 'LED driver failed',
  AGENT_ERR_LED_RENDER: 'LED content could not be rendered',
  AGENT_ERR_IMAGE_DECODE: 'Image could not be decoded',
  AGENT_ERR_CLOCK_UNTRUSTED: 'Clock is not trusted; dated content is held back',
  AGENT_ERR_OUTSIDE_WINDOW: 'Outside the operating windows',
  AGENT_ERR_WOULD_OVERRUN: 'Starting late would overrun the operating window',
  AGENT_ERR_JOURNAL: 'Journal write failed',
  AGENT_ERR_COMMAND_UNKNOWN: 'Unknown command',
  AGENT_ERR_ABORTED: 'Interrupted',
  AGENT_ERR_PLAYBACK: 'Playback failed',
  AGENT_ERR_QUEUE_ITEM_INVALID: 'Invalid playback queue item',
  AGENT_ERR_PREEMPTED: 'Interrupted by a more urgent bulletin',
  AGENT_ERR_SUPERSEDED: 'Replaced by a newer revision of the same bulletin',
  AGENT_ERR_DUPLICATE: 'This bulletin is already playing',
  AGENT_ERR_STALE_REVISION: 'An older revision of a bulletin already playing',
  AGENT_ERR_STOPPED: 'Stopped by a signed STOP order',
  AGENT_ERR_SKIPPED: 'Skipped by the operator',
  AGENT_ERR_DRIVER_STUCK: 'Playback did not stop after it was aborted',
  AGENT_ERR_JOURNAL_OVERFLOW: 'Journal full: oldest unsent entries dropped',
  AGENT_ERR_JOURNAL_ENTRY_INVALID: 'Invalid playback-log entry',
  AGENT_ERR_JOURNAL_CORRUPT: 'Journal lines failed their checksum and were skipped',
  AGENT_ERR_LOG_ACK_INVALID: 'Invalid log acknowledgement',
  AGENT_ERR_CACHE: 'Cache operation failed',
  AGENT_ERR_REPLAY_STORE: 'Replay store failed',
  AGENT_ERR_USAGE: 'Invalid command line',
  AGENT_ERR_STATE_DIR: 'The state directory cannot be used',
  AGENT_ERR_LINK: 'The MQTT link to the hub failed',
  AGENT_ERR_MANIFEST: 'The manifest could not be fetched',
  AGENT_ERR_SNAPSHOT_UPLOAD: 'The LED snapshot could not be sent to the hub',
  AGENT_ERR_SLOT_PASSED: 'The slot ended while the device was off',
  AGENT_ERR_CLOCK_JUMP: 'The system clock jumped',
  AGENT_ERR_CONTENT_UNSUITABLE: 'This content is not for this kind of device',
  AGENT_ERR_COMMAND_UNSUPPORTED: 'This device cannot carry out that command',
  AGENT_ERR_COMMAND_FAILED: 'The command could not be carried out',
} as const;

export type AgentErrorCode = keyof typeof AGENT_ERRORS;

export class AgentError extends Error {
  readonly code: AgentErrorCode;

  constructor(code: AgentErrorCode, detail?: string, options?: ErrorOptions) {
    super(detail === undefined ? AGENT_ERRORS[code] : `${AGENT_ERRORS[code]}: ${detail}`, options);
    this.name = 'AgentError';
    this.code = code;
  }
}

export function isAgentError(err: unknown, code?: AgentErrorCode): err is AgentError {
  return err instanceof AgentError && (code === undefined || err.code === code);
}
