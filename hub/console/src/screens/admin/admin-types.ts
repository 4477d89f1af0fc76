// The shapes the administration screens read from the hub (hub/src/reports, hub/src/accounts, hub/src/authz,
// hub/src/audit). Repeated here because the browser build cannot import the hub's sources; kept to the fields used.

export const PLAYBACK_EVENTS = ['played', 'missed', 'interrupted', 'stopped', 'rejected', 'fault'] as const;
export type PlaybackEvent = (typeof PLAYBACK_EVENTS)[number];
export type EventCounts = Record<PlaybackEvent, number> & { readonly total: number; readonly playedMs: number };

export interface AreaRowOf<T> {
  readonly code: string;
  readonly name: string;
  readonly depth: number;
  readonly parentCode: string | null;
  readonly own: T;
  readonly total: T;
}

export interface ReportArea {
  readonly code: string;
  readonly name: string;
  readonly timeZone: string;
}

export interface PlaybackReport {
  readonly area: ReportArea;
  readonly fromDate: string;
  readonly toDate: string;
  readonly bulletin: string | null;
  readonly totals: EventCounts;
  readonly byArea: readonly (AreaRowOf<EventCounts> & { readonly devices: number })[];
  readonly byBulletin: readonly {
    readonly bulletinId: string | null;
    readonly title: string | null;
    readonly priority: string | null;
    readonly mode: string | null;
    readonly devicesPlayed: number;
    readonly counts: EventCounts;
  }[];
  readonly byDevice: readonly {
    readonly deviceId: string;
    readonly name: string;
    readonly kind: string;
    readonly state: string;
    readonly areaCode: string;
    readonly areaName: string;
    readonly counts: EventCounts;
  }[];
  readonly byDay: readonly { readonly date: string; readonly counts: EventCounts }[];
}

export interface Uptime {
  readonly onlineMs: number;
  readonly observedMs: number;
}

export interface AvailabilityReport {
  readonly area: ReportArea;
  readonly fromDate: string;
  readonly toDate: string;
  readonly totals: Uptime & { readonly share: number | null; readonly devices: number; readonly neverSeen: number };
  readonly byArea: readonly (AreaRowOf<Uptime> & { readonly share: number | null })[];
  readonly byDevice: readonly {
    readonly deviceId: string;
    readonly name: string;
    readonly kind: string;
    readonly areaCode: string;
    readonly areaName: string;
    readonly onlineMs: number;
    readonly observedMs: number;
    readonly share: number | null;
    readonly outages: number;
  }[];
  readonly byDay: readonly (Uptime & { readonly date: string; readonly share: number | null })[];
}

export const ROLES = ['province_admin', 'editor', 'approver', 'district_officer', 'commune_officer', 'technician', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly agency: string;
  readonly areaCode: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
}

export type Priority = 'emergency' | 'priority' | 'normal';
export const PRIORITIES: readonly Priority[] = ['emergency', 'priority', 'normal'];

export interface ApprovalPolicy {
  readonly rules: Record<Priority, { readonly roles: readonly Role[]; readonly approvals: number }>;
  readonly singleOperatorEmergency: boolean;
  readonly reviewRoles: readonly Role[];
}

export interface EffectivePolicy {
  readonly policy: ApprovalPolicy;
  /** The area whose override applies, or null for the hub's default. */
  readonly from: string | null;
  readonly own: ApprovalPolicy | null;
}

export type DeviceKind = 'loudspeaker' | 'led';
export const DEVICE_KINDS: readonly DeviceKind[] = ['loudspeaker', 'led'];

export interface OperatingWindow {
  readonly start: string;
  readonly end: string;
}

/** GET /api/areas: an area with the windows it overrides itself. */
export interface AreaWithWindows {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly timeZone: string;
  readonly windows?: Partial<Record<DeviceKind, readonly OperatingWindow[]>>;
}

export interface AreaCsvError {
  readonly line: number;
  readonly code: string;
  readonly areaCode?: string;
  readonly messageVi: string;
  readonly messageEn: string;
}

export interface ImportPreview {
  readonly areas: readonly (AreaWithWindows & { readonly change: 'create' | 'update' | 'unchanged' })[];
  readonly errors: readonly AreaCsvError[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly actorIp: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly area: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

export type AuditBreak =
  | { readonly seq: number; readonly reason: 'altered' | 'missing' }
  | { readonly seq: number; readonly reason: 'relinked'; readonly previousSeq: number }
  | { readonly seq: number; readonly reason: 'truncated'; readonly issued: number };

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly firstBreak?: AuditBreak;
}
