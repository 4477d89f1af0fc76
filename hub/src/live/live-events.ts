// What the console's live feed carries, and who may see each event. Pure. Every event names the area it belongs to;
// a socket sees it only if that area lies in the account's subtree (Điều 9: each account acts only within its
// area) — for bulletins, also when the bulletin targets an area above the account's (it reaches them, issue 4 'reach').

export interface DeviceStatusEvent {
  readonly type: 'device.status';
  readonly deviceId: string;
  readonly areaCode: string;
  readonly online: boolean;
  readonly at: number;
  readonly reason: string | null;
}

export interface DeviceHeartbeatEvent {
  readonly type: 'device.heartbeat';
  readonly deviceId: string;
  readonly areaCode: string;
  readonly online: boolean;
  readonly lastSeenAt: number;
  /** The protocol Heartbeat as stored, or null before the first one. */
  readonly heartbeat: unknown;
}

export interface PlaybackLogEvent {
  readonly type: 'playback.log';
  readonly deviceId: string;
  readonly areaCode: string;
  readonly seq: number;
  readonly at: number;
  readonly event: string;
  readonly bulletinId: string | null;
  readonly priority: string | null;
  readonly mode: string | null;
  readonly reason: string | null;
  readonly playedMs: number | null;
}

export interface CommandResultEvent {
  readonly type: 'command.result';
  readonly deviceId: string;
  readonly areaCode: string;
  readonly commandId: string;
  readonly ok: boolean;
  readonly code: string | null;
  readonly detail: string | null;
  readonly at: number;
}

export interface BulletinChangedEvent {
  readonly type: 'bulletin.changed';
  readonly bulletinId: string;
  readonly state: string;
  readonly priority: string;
  readonly mode: string;
  readonly originArea: string;
  readonly targetAreas: readonly string[];
  readonly at: number;
}

export type LiveEvent = DeviceStatusEvent | DeviceHeartbeatEvent | PlaybackLogEvent | CommandResultEvent | BulletinChangedEvent;
export type LiveEventType = LiveEvent['type'];

/** Where a socket may look: null for the whole tree (break-glass), else its subtree and its chain of ancestors. */
export interface LiveScope {
  readonly subtree: ReadonlySet<string> | null;
  readonly ancestors: ReadonlySet<string>;
}

export function visibleTo(event: LiveEvent, scope: LiveScope): boolean {
  if (scope.subtree === null) return true;
  if (event.type !== 'bulletin.changed') return scope.subtree.has(event.areaCode);
  const mine = scope.subtree;
  return mine.has(event.originArea) || event.targetAreas.some((a) => mine.has(a) || scope.ancestors.has(a));
}
