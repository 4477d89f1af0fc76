// How a route tells the guard which area(s) it acts on (issue 4: "every officials' route declares its permission and
// how to find the target area"). The resolver loads the bulletin, device or account named in the request once, and
// the same record becomes the audit entry's "before".
import type { Priority } from '@tinnguon/protocol';
import type { AccountRepository } from '../accounts/account-repository.js';
import type { AreaRepository } from '../areas/index.js';
import type { BulletinRecord, BulletinRepository } from '../bulletins/index.js';
import type { DeviceRepository } from '../devices/device-repository.js';
import { HubError } from '../errors.js';

export type TargetSpec =
  /** No area: a list filtered to the caller's subtree afterwards, an upload, a root-scoped action. */
  | { readonly kind: 'none' }
  /** Area code(s) in the request; a missing optional value (a list's ?area=) means no target. */
  | { readonly kind: 'area'; readonly in: 'params' | 'body' | 'query'; readonly key: string }
  /** The bulletin named by a path parameter: its origin and targets, its priority. */
  | { readonly kind: 'bulletin'; readonly param: string }
  /** A new bulletin in the body: origin, targets and priority as sent. */
  | { readonly kind: 'newBulletin' }
  /** An edit: the bulletin as it is and as the body would make it (an edit must not move it out of scope). */
  | { readonly kind: 'bulletinEdit'; readonly param: string }
  /** The device named by a path parameter: its area. */
  | { readonly kind: 'device'; readonly param: string }
  /** The account named by a path parameter, and the area the body would move it to. */
  | { readonly kind: 'account'; readonly param: string };

export interface ResolvedTarget {
  readonly areas: readonly string[];
  readonly priorities: readonly Priority[];
  /** Only for 'bulletin' targets: what decides whether a bulletin reaches an area (read scope). */
  readonly reach?: { readonly origin: string; readonly targets: readonly string[] };
  /** The record as it was before the request, for the audit log. */
  readonly before?: unknown;
  readonly bulletin?: BulletinRecord;
}

export interface TargetSources {
  readonly bulletins: Pick<BulletinRepository, 'get'>;
  readonly devices: Pick<DeviceRepository, 'get'>;
  readonly accounts: Pick<AccountRepository, 'get'>;
  readonly areas: Pick<AreaRepository, 'get'>;
}

export interface RequestParts {
  readonly params?: unknown;
  readonly body?: unknown;
  readonly query?: unknown;
}

function field(source: unknown, key: string): unknown {
  return typeof source === 'object' && source !== null ? (source as Record<string, unknown>)[key] : undefined;
}

function codes(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function priorityOf(value: unknown): Priority[] {
  return value === 'emergency' || value === 'priority' || value === 'normal' ? [value] : [];
}

/** What an audit entry keeps of a bulletin: enough to tell what changed, not the whole content. */
export function bulletinSummary(b: BulletinRecord): Record<string, unknown> {
  return {
    id: b.id, revision: b.revision, state: b.state, title: b.title, priority: b.priority, mode: b.mode,
    originArea: b.originArea, targetAreas: b.targetAreas,
  };
}

async function loadBulletin(sources: TargetSources, id: unknown): Promise<BulletinRecord> {
  const bulletin = typeof id === 'string' ? await sources.bulletins.get(id) : undefined;
  if (bulletin === undefined) throw new HubError('HUB_ERR_BULLETIN_UNKNOWN', String(id));
  return bulletin;
}

export async function resolveTarget(spec: TargetSpec, req: RequestParts, sources: TargetSources): Promise<ResolvedTarget> {
  switch (spec.kind) {
    case 'none':
      return { areas: [], priorities: [] };
    case 'area': {
      const areas = codes(field(req[spec.in], spec.key));
      const one = areas.length === 1 && spec.in === 'params' ? await sources.areas.get(areas[0] as string) : undefined;
      return { areas, priorities: [], ...(one === undefined ? {} : { before: one }) };
    }
    case 'bulletin': {
      const b = await loadBulletin(sources, field(req.params, spec.param));
      return {
        areas: [b.originArea, ...b.targetAreas], priorities: [b.priority], before: bulletinSummary(b), bulletin: b,
        reach: { origin: b.originArea, targets: b.targetAreas },
      };
    }
    case 'newBulletin':
      return {
        areas: [...codes(field(req.body, 'originArea')), ...codes(field(req.body, 'targetAreas'))],
        priorities: priorityOf(field(req.body, 'priority')),
      };
    case 'bulletinEdit': {
      const b = await loadBulletin(sources, field(req.params, spec.param));
      return {
        areas: [b.originArea, ...b.targetAreas, ...codes(field(req.body, 'originArea')), ...codes(field(req.body, 'targetAreas'))],
        priorities: [...new Set([b.priority, ...priorityOf(field(req.body, 'priority'))])],
        before: bulletinSummary(b),
        bulletin: b,
      };
    }
    case 'device': {
      const id = field(req.params, spec.param);
      const device = typeof id === 'string' ? await sources.devices.get(id) : undefined;
      if (device === undefined) throw new HubError('HUB_ERR_DEVICE_UNKNOWN', String(id));
      return { areas: [device.areaCode], priorities: [], before: device };
    }
    case 'account': {
      const id = field(req.params, spec.param);
      const account = typeof id === 'string' ? await sources.accounts.get(id) : undefined;
      if (account === undefined) throw new HubError('HUB_ERR_ACCOUNT_UNKNOWN', String(id));
      return { areas: [account.areaCode, ...codes(field(req.body, 'areaCode'))], priorities: [], before: account };
    }
  }
}
