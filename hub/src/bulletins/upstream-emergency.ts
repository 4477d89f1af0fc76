// An emergency from the central system (Điều 8.1: "a request from the central system to broadcast an emergency is
// carried out at once"; Điều 11.5: the system connects upward). It arrives signed by an upstream key; this hub checks
// it, stores it as published and re-signs it with its own key, since devices trust only their own hub.
import { verifyEnvelope, type Bulletin, type TrustedKey } from '@tinnguon/protocol';
import { areaChain, areaNode } from '../areas/index.js';
import { HubError } from '../errors.js';
import { toProtocolBulletin } from './bulletin-record.js';
import { checkSchedule } from './check-bulletin.js';
import type { BulletinWorkflowDeps, Dispatched } from './bulletin-workflow.js';
import { localiseContent } from './resolve-content.js';

export interface UpstreamEmergencyDeps extends Omit<BulletinWorkflowDeps, 'approvalPolicy'> {
  /** Keys of the central system; none trusted means the endpoint refuses everything. */
  readonly upstreamKeys: readonly TrustedKey[];
}

const MAX_SOURCE = 200;

export async function acceptUpstreamEmergency(input: unknown, deps: UpstreamEmergencyDeps): Promise<Dispatched> {
  if (deps.upstreamKeys.length === 0) throw new HubError('HUB_ERR_FORBIDDEN', 'no upstream signing key is trusted by this hub');
  const now = deps.now();
  const tree = await deps.areas.tree();
  // A central message may name several provinces: it is for this hub when any target is an area of its tree.
  const verified = verifyEnvelope(input, 'bulletin', { trustedKeys: deps.upstreamKeys, now, recipient: { areaChain: [...tree.nodes.keys()] } });
  if (!verified.ok) throw new HubError('HUB_ERR_UPSTREAM_REFUSED', verified.error.reason, { protocolCode: verified.error.code });
  const envelope = verified.value;
  const payload = envelope.payload;
  if (payload.priority !== 'emergency') {
    throw new HubError('HUB_ERR_UPSTREAM_REFUSED', 'only emergencies are relayed from upstream at once', { priority: payload.priority });
  }
  const targetAreas = payload.targetAreas.filter((code) => tree.nodes.has(code));
  if (targetAreas.length === 0) throw new HubError('HUB_ERR_UPSTREAM_REFUSED', 'no target area belongs to this hub', { protocolCode: 'PROTO_ERR_NOT_FOR_ME' });
  const first = targetAreas[0] as string;
  checkSchedule(payload, now, areaNode(tree, first).area.timeZone);

  const content = await localiseContent(payload.content, { media: deps.media, tts: deps.tts, maxBytes: deps.maxMediaBytes });
  const upstream = `Hệ thống thông tin nguồn cấp trên (khóa ${envelope.keyId})`;
  const bulletin: Bulletin = {
    ...payload,
    // The issuer sits above this hub's tree: the bulletin speaks with the authority of its root (Điều 8.2 order).
    originArea: areaChain(tree, first)[0] as string,
    originDepth: 0,
    targetAreas,
    content,
    author: payload.author ?? 'Hệ thống thông tin nguồn cấp trên',
    source: (payload.source === undefined ? upstream : `${upstream}: ${payload.source}`).slice(0, MAX_SOURCE),
  };
  const record = await deps.bulletins.insertUpstream(bulletin, envelope.id, `upstream:${envelope.keyId}`);
  const sent = await deps.dispatcher.sendEmergency(toProtocolBulletin(record));
  // As for a local emergency: manifests and doorbells follow without holding the answer (bulletin-workflow.ts).
  deps.dispatcher.refreshLater();
  return { bulletin: record, dispatch: { emergencyId: sent.id, manifests: 'refreshing' } };
}
