// A bulletin as the hub keeps it, and the protocol `Bulletin` devices receive once it is published.
import type { BroadcastMode, Bulletin, BulletinContent, Priority, Schedule } from '@tinnguon/protocol';
import { HubError } from '../errors.js';
import type { AuthoredContent } from './bulletin-input.js';
import type { BulletinAction, BulletinState } from './life-cycle.js';

export interface BulletinRecord {
  readonly id: string;
  readonly revision: number;
  readonly title: string;
  readonly summary?: string;
  readonly author?: string;
  readonly source?: string;
  readonly priority: Priority;
  readonly mode: BroadcastMode;
  readonly originArea: string;
  readonly originDepth: number;
  readonly targetAreas: readonly string[];
  /** As authored: media by SHA-256, speech as text. */
  readonly content: AuthoredContent;
  /** What devices receive; set when the bulletin is submitted (speech synthesised, media refs filled in). */
  readonly resolvedContent?: BulletinContent;
  readonly schedule: Schedule;
  readonly repeat: number;
  readonly validFrom: number;
  readonly validUntil: number;
  /** Effective state: a published bulletin past validUntil reads 'expired'. */
  readonly state: BulletinState;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publishedAt?: number;
  readonly recalledAt?: number;
  readonly recallReason?: string;
  /** Set for an emergency relayed from the central system. */
  readonly upstreamEnvelopeId?: string;
}

export interface BulletinTransition {
  readonly action: BulletinAction | 'create' | 'upstream';
  /** Absent for the creation of the bulletin. */
  readonly from?: BulletinState;
  readonly to: BulletinState;
  readonly revision: number;
  readonly at: number;
  readonly actor: string;
  readonly reason?: string;
}

/** The signed form's payload. Only meaningful once content is resolved, i.e. after submission. */
export function toProtocolBulletin(r: BulletinRecord): Bulletin {
  if (r.resolvedContent === undefined) throw new HubError('HUB_ERR_BULLETIN_STATE', `${r.id} has no resolved content yet`);
  return {
    bulletinId: r.id,
    revision: r.revision,
    title: r.title,
    ...(r.summary === undefined ? {} : { summary: r.summary }),
    ...(r.author === undefined ? {} : { author: r.author }),
    ...(r.source === undefined ? {} : { source: r.source }),
    priority: r.priority,
    mode: r.mode,
    originArea: r.originArea,
    originDepth: r.originDepth,
    targetAreas: [...r.targetAreas],
    content: r.resolvedContent,
    schedule: r.schedule,
    repeat: r.repeat,
    // A bulletin cannot be valid before it was published: "next window" counts from here, so a draft written in
    // the morning and published in the evening goes to the next window after publication, not to a past one.
    validFrom: Math.max(r.validFrom, r.publishedAt ?? r.validFrom),
    validUntil: r.validUntil,
  };
}
