// The urgent path (design.md §5, Điều 8.1): a verified emergency is offered at once — the attention tone first, then
// the bulletin with its repeats — and interrupts whatever plays. An emergency missed while offline comes from the
// manifest, but only with a trusted clock: a stored manifest read at boot with a wrong clock must never replay last
// week's alert. A verified STOP silences the device; a recall ends one bulletin and keeps it out of the programme.
import { contentSuitsDevice, mediaOf, type Bulletin, type DeviceKind, type Manifest, type MediaRef, type StopOrder } from '@tinnguon/protocol';
import { emergencyItems, type AgentItem } from './agent-item.js';
import { emergencyKey } from './slot-ledger.js';

export interface UrgentHandlerOptions {
  readonly kind: DeviceKind;
  readonly clock: { now(): number; readonly trusted: boolean };
  readonly offer: (item: AgentItem) => void;
  readonly stop: (bulletinId?: string) => Promise<void>;
  readonly recall: (bulletinId: string) => void;
  readonly ledger: { has(key: string): boolean };
  /** The pinned tone, when the manifest names one and this is a loudspeaker. */
  readonly tone: () => MediaRef | undefined;
  /** Start fetching media now, so it is ready when the tone ends (design.md §5). */
  readonly prefetch: (media: MediaRef) => void;
  /** Runs the prefetch once the I/O already waiting has been handled; default setImmediate (see emergency()). */
  readonly afterPendingIo?: (work: () => void) => void;
  readonly log?: { info(obj: object, msg: string): void };
}

/** Why an emergency was not offered (for logs and tests). */
export type EmergencySkip = 'unsuitable' | 'expired' | 'done' | 'recalled';

export class UrgentHandler {
  readonly #o: UrgentHandlerOptions;
  /** Offered by this process: the urgent topic and the manifest may both bring the same one. */
  readonly #offered = new Set<string>();
  readonly #recalled = new Set<string>();

  constructor(options: UrgentHandlerOptions) {
    this.#o = options;
  }

  /** Offers a verified emergency; returns why not, if it was not. */
  emergency(bulletin: Bulletin, via: 'urgent' | 'manifest'): EmergencySkip | undefined {
    const key = emergencyKey(bulletin.bulletinId, bulletin.revision);
    const now = this.#o.clock.now();
    if (!this.#suits(bulletin)) return 'unsuitable';
    if (this.#recalled.has(bulletin.bulletinId)) return 'recalled';
    if (this.#o.clock.trusted && bulletin.validUntil <= now) return 'expired';
    if (this.#offered.has(key) || this.#o.ledger.has(key)) return 'done';
    this.#offered.add(key);
    const tone = this.#o.kind === 'loudspeaker' ? this.#o.tone() : undefined;
    for (const item of emergencyItems(bulletin, now, tone)) this.#o.offer(item);
    // The tone starts within this turn of the event loop; building the speech's HTTP request (a few hundred µs of
    // CPU) waits until the I/O that is already readable has been handled, still long before the tone's 2 s end.
    // A device loses nothing by it, and where one CPU serves many (a gateway, the simulators' 1,000 agents per
    // process, issue 8) every other alert already on the wire starts its tone first.
    const media = mediaOf(bulletin.content);
    if (media.length > 0) (this.#o.afterPendingIo ?? setImmediate)(() => media.forEach((m) => this.#o.prefetch(m)));
    this.#o.log?.info({ bulletinId: bulletin.bulletinId, revision: bulletin.revision, via }, 'emergency offered');
    return undefined;
  }

  /** Emergencies in a manifest that are still valid and were never played here (offline when they went out). */
  fromManifest(manifest: Manifest): void {
    if (!this.#o.clock.trusted) return;
    const now = this.#o.clock.now();
    for (const b of manifest.bulletins) {
      if (b.priority !== 'emergency' || manifest.recalled.includes(b.bulletinId)) continue;
      if (b.validFrom <= now && now < b.validUntil) this.emergency(b, 'manifest');
    }
  }

  async stop(order: StopOrder): Promise<void> {
    if (order.scope === 'all') {
      await this.#o.stop();
      return;
    }
    this.#recalled.add(order.bulletinId);
    this.#o.recall(order.bulletinId);
    await this.#o.stop(order.bulletinId);
  }

  /** LED boards show any emergency (a spoken one as a ticker); loudspeakers need sound. */
  #suits(bulletin: Bulletin): boolean {
    return this.#o.kind === 'led' || contentSuitsDevice(bulletin.content.kind, this.#o.kind);
  }
}
