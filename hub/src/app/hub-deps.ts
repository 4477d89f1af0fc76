// Everything the HTTP app is given by the composition root (style.md §1): built elsewhere, only stored here.
import type { AreaRepository } from '../areas/index.js';
import type { TrustLayer } from '../authz/trust-layer.js';
import type { BulletinRepository } from '../bulletins/index.js';
import type { HubConfig } from '../config/config.js';
import type { Database } from '../db/index.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { Keyring } from '../keys/keyring.js';
import type { LogIngestor } from '../logs/log-ingest.js';
import type { MediaStore, TtsProvider } from '../media/index.js';
import type { MediaRepository } from '../media-records/media-repository.js';
import type { HubMetrics } from './metrics.js';

export interface HubDeps {
  readonly config: HubConfig;
  readonly db: Database;
  readonly areas: AreaRepository;
  readonly devices: DeviceRepository;
  readonly media: MediaStore;
  readonly mediaRecords: MediaRepository;
  readonly tts: TtsProvider;
  readonly keyring: Keyring;
  readonly logs: LogIngestor;
  readonly dispatcher: Dispatcher;
  readonly bulletins: BulletinRepository;
  readonly metrics: HubMetrics;
  readonly adminToken: string;
  readonly publicUrls: { readonly http: string; readonly mqtt: string };
  readonly now: () => number;
  /** Cuts a device's live MQTT session, e.g. right after it is revoked. */
  readonly sessions: { disconnect(deviceId: string): boolean };
  /** Accounts, sessions, approvals and audit (issue 4); buildApp builds one from the rest when absent. */
  readonly trust?: TrustLayer;
}
