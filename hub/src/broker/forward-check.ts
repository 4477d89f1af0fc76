// The ACL's last word on each delivered copy (Aedes `authorizeForward`): a copy reaches a device only if the device
// could have subscribed to that exact topic, i.e. canSubscribe(principal, topic) allows it. An urgent publish to a
// province asks that 10,000 times in a row for one topic, and canSubscribe parses the topic each time (a split,
// regular expressions, a few objects: ~0.5 µs and garbage per copy, 5–8 % of the hub's CPU during a fan-out, issue 8).
//
// So an area topic — the only kind that fans out — is parsed once and remembered; each copy then costs a map lookup
// and a look through the device's area chain, which is canSubscribe's own rule for area topics. Every other topic,
// and every refusal, is canSubscribe's answer itself. A property test holds the two equal for any principal and
// topic (test/hub/broker/forward-check.test.ts).
import { parseTopic } from '@tinnguon/protocol';
import { canSubscribe, type AclDecision, type DevicePrincipal } from './acl.js';

/** Topics remembered before the memory starts afresh; a province has a few thousand area topics. */
export const FORWARD_TOPICS_REMEMBERED = 4096;

const ALLOW: AclDecision = Object.freeze({ allow: true });

/** Not an area topic: ask canSubscribe on every copy (one device's own topics, one copy per publish). */
const NOT_AREA = '';

export class ForwardCheck {
  /** Topic → the area code of an area topic, or NOT_AREA. */
  readonly #areaOf = new Map<string, string>();
  readonly #capacity: number;

  constructor(capacity = FORWARD_TOPICS_REMEMBERED) {
    this.#capacity = capacity;
  }

  decide(principal: DevicePrincipal, topic: string): AclDecision {
    const area = this.#classify(topic);
    // An area topic in the device's chain is allowed (acl.ts: "areaChain.includes(parsed.areaCode)"); anything else,
    // including the refusal's reason, is canSubscribe's to say.
    if (area !== NOT_AREA && principal.areaChain.includes(area)) return ALLOW;
    return canSubscribe(principal, topic);
  }

  #classify(topic: string): string {
    const known = this.#areaOf.get(topic);
    if (known !== undefined) return known;
    const parsed = parseTopic(topic);
    const area = parsed !== undefined && 'areaCode' in parsed ? parsed.areaCode : NOT_AREA;
    // Bounded: device topics are one per device. Starting afresh costs one parse per topic, not one per copy.
    if (this.#areaOf.size >= this.#capacity) this.#areaOf.clear();
    this.#areaOf.set(topic, area);
    return area;
  }
}
