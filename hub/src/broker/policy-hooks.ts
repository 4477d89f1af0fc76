// The ACL and the credential check as Aedes hooks (style.md §6, aedes docs/Aedes.md "Handler: …"). The decisions are
// the pure functions of acl.ts and connect-policy.ts; this file only carries them out in Aedes' callback shapes.
import type { AedesOptions, Client } from 'aedes';
import { HubError } from '../errors.js';
import { canPublish, canSubscribe, type AclDecision, type DevicePrincipal, type WillFacts } from './acl.js';
import type { BrokerLogger, Refusal } from './broker-events.js';
import type { ConnectGate } from './connect-gate.js';
import { ForwardCheck } from './forward-check.js';
import { FLOOD_COOLDOWN_MS, takePublishToken, type PublishBucket, type PublishRate } from './publish-rate.js';
import {
  CONNACK,
  decideConnect,
  precheckConnect,
  refuseConnect,
  type ConnectDecision,
  type DeviceAuthenticator,
} from './connect-policy.js';

export interface PolicyContext {
  readonly authenticator: DeviceAuthenticator;
  /** Bounds on concurrent and waiting credential checks (connect-gate.ts). */
  readonly connectGate: ConnectGate;
  readonly publishRate: PublishRate;
  /** Monotonic ms, for the publish rate. */
  monotonic(): number;
  /** Filled here on a successful CONNECT; read by the broker to name the device behind a client. */
  readonly principals: WeakMap<Client, DevicePrincipal>;
  readonly log: BrokerLogger;
  isRunning(): boolean;
  refuse(refusal: Refusal): void;
  delivered(): void;
}

export type PolicyHooks = Required<Pick<AedesOptions, 'preConnect' | 'authenticate' | 'authorizeSubscribe' | 'authorizePublish' | 'authorizeForward'>>;

interface ConnectFacts {
  readonly clientId: string;
  readonly will: WillFacts | undefined;
}

const UNKNOWN_CLIENT: AclDecision = Object.freeze({ allow: false, reason: 'outside-tree' });

function clip(s: string): string {
  return s.slice(0, 200);
}

export function createPolicyHooks(ctx: PolicyContext): PolicyHooks {
  // The raw client id and the will are only visible in preConnect; the decision waits for the lookup.
  const connects = new WeakMap<Client, ConnectFacts>();
  const buckets = new WeakMap<Client, PublishBucket>();
  /** Devices cut for flooding, until when (monotonic ms). */
  const coolingDown = new Map<string, number>();
  const forwardCheck = new ForwardCheck();

  function overRate(client: Client, deviceId: string): boolean {
    const now = ctx.monotonic();
    const { allowed, bucket } = takePublishToken(buckets.get(client), now, ctx.publishRate);
    buckets.set(client, bucket);
    if (!allowed) coolingDown.set(deviceId, now + FLOOD_COOLDOWN_MS);
    return !allowed;
  }

  function stillCooling(deviceId: string): boolean {
    const until = coolingDown.get(deviceId);
    if (until === undefined) return false;
    if (until > ctx.monotonic()) return true;
    coolingDown.delete(deviceId);
    return false;
  }

  async function authenticate(client: Client, username: string | undefined, password: Buffer | undefined): Promise<ConnectDecision> {
    const facts = connects.get(client);
    const clientId = facts?.clientId ?? '';
    const early = precheckConnect({ clientId, username, password });
    if (early !== undefined) return early;
    if (username === undefined || password === undefined) return refuseConnect(CONNACK.notAuthorized, 'anonymous');
    if (stillCooling(username)) return refuseConnect(CONNACK.serverUnavailable, 'cooling-down');
    // A connection storm (every device after a hub restart) waits a bounded time in a bounded queue; past that,
    // devices retry (connect-gate.ts).
    if (!(await ctx.connectGate.enter())) return refuseConnect(CONNACK.serverUnavailable, 'busy');
    try {
      // A device that gave up while waiting (its CONNACK timeout) costs no lookup; Aedes drops the answer anyway.
      if (client.closed) return refuseConnect(CONNACK.serverUnavailable, 'busy');
      const identity = await ctx.authenticator.authenticateDevice(username, password.toString('utf8'));
      return decideConnect(clientId, identity, facts?.will);
    } catch (err) {
      ctx.log.error({ err, clientId }, 'device authenticator failed');
      return refuseConnect(CONNACK.serverUnavailable, 'authenticator-failed');
    } finally {
      ctx.connectGate.leave();
    }
  }

  return {
    preConnect: (client, packet, callback) => {
      const will = packet.will;
      connects.set(client, {
        clientId: packet.clientId,
        will: will === undefined ? undefined : { topic: will.topic, retain: will.retain, qos: will.qos, payloadBytes: Buffer.byteLength(will.payload) },
      });
      // While stopping, refuse with an error so Aedes closes the socket instead of leaving it half-open.
      callback(ctx.isRunning() ? null : new HubError('HUB_ERR_BROKER_STATE', 'stopping'), ctx.isRunning());
    },

    authenticate: (client, username, password, done) => {
      void authenticate(client, username, password).then((decision) => {
        const clientId = connects.get(client)?.clientId ?? '';
        // The CONNECT facts are needed only until this decision; the session keeps only its principal.
        connects.delete(client);
        if (decision.allow) {
          ctx.principals.set(client, decision.principal);
          done(null, true);
          return;
        }
        ctx.refuse({ stage: 'connect', clientId: clip(clientId), reason: decision.reason, returnCode: decision.returnCode });
        // Aedes sends the CONNACK with `returnCode` from the error, then closes ([MQTT-3.2.2-5]).
        const err = Object.assign(new HubError('HUB_ERR_UNAUTHENTICATED', decision.reason), { returnCode: decision.returnCode });
        done(err, false);
      });
    },

    authorizeSubscribe: (client, subscription, callback) => {
      const principal = ctx.principals.get(client);
      const decision = principal === undefined ? UNKNOWN_CLIENT : canSubscribe(principal, subscription.topic);
      if (decision.allow) {
        callback(null, subscription);
        return;
      }
      ctx.refuse({ stage: 'subscribe', deviceId: principal?.deviceId ?? '', topic: clip(subscription.topic), reason: decision.reason });
      // [MQTT-3.9.3]: a refused filter is granted 0x80 in the SUBACK; the connection stays up.
      callback(null, null);
    },

    authorizePublish: (client, packet, callback) => {
      // A null client is Aedes itself: $SYS beats, or a stored will that was vetted at CONNECT.
      if (client === null) {
        callback(null);
        return;
      }
      const principal = ctx.principals.get(client);
      const facts = { retain: packet.retain, qos: packet.qos, payloadBytes: Buffer.byteLength(packet.payload) };
      const acl = principal === undefined ? UNKNOWN_CLIENT : canPublish(principal, packet.topic, facts);
      const decision: AclDecision = acl.allow && principal !== undefined && overRate(client, principal.deviceId) ? { allow: false, reason: 'rate-limited' } : acl;
      if (decision.allow) {
        callback(null);
        return;
      }
      ctx.refuse({ stage: 'publish', deviceId: principal?.deviceId ?? '', topic: clip(packet.topic), reason: decision.reason });
      // [MQTT-3.3.5-2]: 3.1.1 has no negative PUBACK; Aedes closes the connection on this error.
      callback(new HubError('HUB_ERR_BROKER_PUBLISH_REFUSED', decision.reason));
    },

    authorizeForward: (client, packet) => {
      // Defence in depth: a copy reaches a device only if the device could have subscribed to that exact topic.
      const principal = ctx.principals.get(client);
      const decision = principal === undefined ? UNKNOWN_CLIENT : forwardCheck.decide(principal, packet.topic);
      if (decision.allow) {
        ctx.delivered();
        return packet;
      }
      ctx.refuse({ stage: 'forward', deviceId: principal?.deviceId ?? '', topic: clip(packet.topic), reason: decision.reason });
      return null;
    },
  };
}
