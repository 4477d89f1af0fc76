// The hub's answers as the workflow screens read them (hub/src/bulletins, hub/src/authz/approval-*.ts,
// hub/src/programme, hub/src/workflow). Browser code cannot import the hub's types, so the shapes are restated here,
// narrowed to what the screens use.

export type Priority = 'emergency' | 'priority' | 'normal';
export type Mode = 'live' | 'test';
export type BulletinState = 'draft' | 'submitted' | 'approved' | 'published' | 'expired' | 'recalled';
export type BulletinAction = 'edit' | 'submit' | 'approve' | 'reject' | 'publish' | 'recall';
export type DeviceKind = 'loudspeaker' | 'led';

export interface TextSlide {
  readonly type: 'text';
  readonly text: string;
  readonly durationMs: number;
  readonly colour?: string;
  readonly background?: string;
  readonly align?: 'left' | 'center' | 'right';
}

export interface TickerSlide {
  readonly type: 'ticker';
  readonly text: string;
  readonly durationMs: number;
  readonly pixelsPerSecond: number;
  readonly colour?: string;
  readonly background?: string;
}

export interface AuthoredImageSlide {
  readonly type: 'image';
  readonly mediaSha256: string;
  readonly durationMs: number;
}

export type AuthoredSlide = TextSlide | TickerSlide | AuthoredImageSlide;

export type AuthoredContent =
  | { readonly kind: 'audio'; readonly mediaSha256: string }
  | { readonly kind: 'tts'; readonly text: string; readonly voice?: string }
  | { readonly kind: 'ledText'; readonly slide: TextSlide | TickerSlide }
  | { readonly kind: 'image'; readonly mediaSha256: string; readonly durationMs: number }
  | { readonly kind: 'slides'; readonly slides: readonly AuthoredSlide[] };

export interface MediaRef {
  readonly sha256: string;
  readonly bytes: number;
  readonly mime: string;
  readonly durationMs?: number;
}

export type Schedule =
  | { readonly type: 'now' }
  | { readonly type: 'once'; readonly at: number }
  | { readonly type: 'recurring'; readonly weekdays: readonly number[]; readonly times: readonly string[]; readonly fromDate: string; readonly toDate: string }
  | { readonly type: 'nextWindow' };

/** POST /api/bulletins body (hub/src/bulletins/bulletin-input.ts). */
export interface NewBulletin {
  readonly title: string;
  readonly summary?: string;
  readonly priority: Priority;
  readonly mode: Mode;
  readonly originArea: string;
  readonly targetAreas: readonly string[];
  readonly content: AuthoredContent;
  readonly schedule: Schedule;
  readonly repeat: number;
  readonly validFrom?: number;
  readonly validUntil: number;
}

export interface BulletinView extends NewBulletin {
  readonly id: string;
  readonly revision: number;
  /** The issuing area's depth in the tree: Điều 8.2 orders priority bulletins province → district → commune by it. */
  readonly originDepth: number;
  readonly validFrom: number;
  readonly state: BulletinState;
  readonly actions: readonly BulletinAction[];
  readonly resolvedContent?: { readonly kind: string; readonly media?: MediaRef; readonly text?: string };
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publishedAt?: number;
  readonly recalledAt?: number;
  readonly recallReason?: string;
}

export interface Transition {
  readonly action: string;
  readonly from?: BulletinState;
  readonly to: BulletinState;
  readonly revision: number;
  readonly at: number;
  readonly actor: string;
  readonly reason?: string;
}

export interface Revision {
  readonly revision: number;
  readonly at: number;
  readonly actor: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface ApprovalRule {
  readonly roles: readonly string[];
  readonly approvals: number;
}

export interface ApprovalStatus {
  readonly policy: { readonly policy: { readonly rules: Readonly<Record<Priority, ApprovalRule>>; readonly singleOperatorEmergency: boolean; readonly reviewRoles: readonly string[] }; readonly from: string | null };
  readonly sensitive: boolean;
  readonly submission: number;
  readonly initiators: readonly string[];
  readonly votes: readonly { readonly actor: string; readonly role: string }[];
}

export interface ApprovalProgress {
  readonly have: number;
  readonly need: number;
  readonly reviewed: boolean;
  readonly complete: boolean;
  readonly waitingFor?: 'approvers' | 'review';
}

export interface Dispatch {
  readonly emergencyId?: string;
  readonly stopId?: string;
  /** Absent while the hub is still re-signing manifests after an emergency went out. */
  readonly doorbells?: number;
  readonly manifests: 'refreshed' | 'refreshing';
}

export interface ReachDevice {
  readonly id: string;
  readonly name: string;
  readonly kind: DeviceKind;
  readonly areaCode: string;
  readonly online: boolean;
  readonly playing: boolean;
  readonly lastEvent?: string;
  readonly lastEventAt?: number;
}

export interface Reach {
  readonly bulletinId: string;
  readonly mode: Mode;
  readonly at: number;
  readonly total: number;
  readonly online: number;
  readonly playing: number;
  readonly reached: number;
  readonly played: number;
  readonly stopped: number;
  readonly failed: number;
  readonly devices: readonly ReachDevice[];
}

export interface Selection {
  readonly bulletinId: string;
  readonly order?: number;
  readonly schedule?: Schedule;
}

export interface ProgrammeSlot {
  readonly bulletinId: string;
  readonly title: string;
  readonly priority: Priority;
  readonly mode: Mode;
  readonly startAt: number;
  readonly endAt: number;
  readonly durationMs: number;
  readonly repeat: number;
  readonly originDepth: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly reason: { readonly code: string; readonly vi: string; readonly en: string };
}

export interface ProgrammeWarning {
  readonly bulletinId: string;
  readonly title: string;
  readonly code: string;
  readonly vi: string;
  readonly en: string;
  readonly at?: number;
}

export interface ProgrammeDay {
  readonly date: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly windows: readonly { readonly date: string; readonly start: string; readonly end: string; readonly startAt: number; readonly endAt: number }[];
  readonly slots: readonly ProgrammeSlot[];
  readonly warnings: readonly ProgrammeWarning[];
}

export interface ProgrammePreview {
  readonly area: { readonly code: string; readonly name: string; readonly timeZone: string };
  readonly kind: DeviceKind;
  readonly days: readonly ProgrammeDay[];
}

export interface LedPreview {
  readonly width: number;
  readonly height: number;
  readonly passMs: number;
  readonly frames: readonly { readonly elapsedMs: number; readonly slideIndex: number; readonly rgb: string }[];
  readonly issues: readonly { readonly slideIndex: number; readonly issue: { readonly kind: string; readonly chars?: readonly string[]; readonly shownLines?: number; readonly totalLines?: number } }[];
}

export interface LedBoards {
  readonly default: { readonly width: number; readonly height: number };
  readonly boards: readonly { readonly id: string; readonly name: string; readonly areaCode: string; readonly width?: number; readonly height?: number }[];
}

export interface MediaUpload {
  readonly ref: MediaRef;
  readonly media: { readonly sha256: string; readonly mime: string; readonly durationMs?: number; readonly width?: number; readonly height?: number };
}
