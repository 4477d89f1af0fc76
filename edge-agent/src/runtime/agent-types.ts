// The agent's parts, status and events: the shapes createAgent builds and simulators observe.
import type { DeviceKind } from '@tinnguon/protocol';
import type { AudioSink } from '../audio/audio-sink.js';
import type { ClockStatus, HubClock } from '../clock/hub-clock.js';
import type { TimeSync } from '../clock/time-sync.js';
import type { AgentConfig } from '../config/agent-config.js';
import type { Enrolment } from '../config/state-dir.js';
import type { Journal, JournalStats } from '../journal/journal.js';
import type { DeviceLink, LinkStats } from '../link/device-link.js';
import type { SignedIntake } from '../link/signed-intake.js';
import type { LedSink } from '../led/led-sink.js';
import type { NowPlaying, PlaybackExecutor } from '../queue/playback-executor.js';
import type { QueueItemKind } from '../queue/queue-item.js';
import type { ReplayStore } from '../replay/replay-store.js';
import type { HeartbeatReporter } from '../status/heartbeat-reporter.js';
import type { SystemProbes } from '../status/system-probes.js';
import type { ManifestSync } from '../sync/manifest-sync.js';
import type { AgentItem } from './agent-item.js';
import type { AgentLogger } from './agent-logger.js';
import type { AgentTimers } from './agent-timers.js';
import type { AmplifierControl } from './amplifier-control.js';
import type { CommandHandler } from './command-handler.js';
import type { LogUploader, UploadStats } from './log-uploader.js';
import type { CacheState, MediaGate } from './media-gate.js';
import type { Scheduler } from './scheduler.js';
import type { SlotLedger } from './slot-ledger.js';
import type { UrgentHandler } from './urgent-handler.js';

/** An LED sink that may also say what it shows (PngSnapshotSink, RpiLedMatrixSink). */
export type AgentLedSink = LedSink & { snapshot?(): Buffer | undefined };

/** systemd restarts the unit on this code (deploy/tinnguon-agent.service: RestartForceExitStatus=75). */
export const REBOOT_EXIT_CODE = 75;

export type AgentEvent =
  | { readonly type: 'connected' | 'disconnected' | 'reboot' }
  | { readonly type: 'manifest'; readonly version: number }
  | { readonly type: 'urgent'; readonly name: 'emergency' | 'stop'; readonly mono: number }
  | {
      readonly type: 'firstFrame'; readonly bulletinId: string; readonly priority: string; readonly kind: QueueItemKind;
      /** Hub time (the device's estimate) and monotonic time of the first frame at the sink. */
      readonly at: number; readonly mono: number;
      /** The slot, and how far into the media this play began: the content is in step when at − startOffsetMs = slotAt. */
      readonly slotAt: number; readonly startOffsetMs: number;
    }
  | { readonly type: 'clockJump'; readonly stepMs: number }
  | { readonly type: 'trusted'; readonly trusted: boolean };

export interface AgentParts {
  readonly config: AgentConfig;
  readonly enrolment: Enrolment;
  readonly version: string;
  readonly kind: DeviceKind;
  readonly log: AgentLogger;
  readonly timers: AgentTimers;
  readonly clock: HubClock;
  readonly journal: Journal;
  readonly replay: ReplayStore;
  readonly ledger: SlotLedger;
  readonly media: MediaGate;
  readonly amplifier: AmplifierControl;
  readonly audioSink: AudioSink;
  /** The LED board's sink: undefined on a loudspeaker, and on an LED board until its run is loaded. */
  readonly ledSink: () => AgentLedSink | undefined;
  readonly scheduler: Scheduler;
  readonly executor: PlaybackExecutor<AgentItem>;
  readonly intake: SignedIntake;
  readonly link: DeviceLink;
  readonly sync: ManifestSync;
  readonly timeSync: TimeSync;
  readonly urgent: UrgentHandler;
  readonly commands: CommandHandler;
  readonly uploader: LogUploader;
  readonly heartbeat: HeartbeatReporter;
  readonly probes: SystemProbes;
  readonly exit: (code: number) => void;
  readonly onEvent: (event: AgentEvent) => void;
  readonly mediaOfItem: (item: AgentItem) => string[];
  /** Sends the LED board's current frame to the hub (the snapshot command). */
  readonly uploadSnapshot: (png: Buffer) => Promise<void>;
  /** Loads what plays or shows items (and warms a loudspeaker's MP3 decoder) ahead of the first item. */
  readonly prepareOutputs: () => Promise<void>;
}

export interface AgentStatus {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly version: string;
  readonly connected: boolean;
  readonly manifestVersion: number | null;
  readonly clock: ClockStatus;
  readonly volume: number;
  readonly amplifier: string;
  readonly playing: NowPlaying | null;
  readonly queued: number;
  readonly pendingLogs: number;
  readonly journal: JournalStats;
  readonly uploads: UploadStats;
  readonly link: LinkStats;
  readonly cache: CacheState;
  readonly heartbeatsSent: number;
}
