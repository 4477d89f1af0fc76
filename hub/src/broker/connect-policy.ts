// Who may connect: pure decisions around the one effect, the credential lookup (style.md §4). The broker calls
// `precheckConnect` before the lookup (so junk never costs a database read) and `decideConnect` after it.
import { isAreaCode, isDeviceId } from '@tinnguon/protocol';
import { canSetWill, type DevicePrincipal, type WillFacts } from './acl.js';

/** What the device registry knows about a valid, active credential. */
export interface DeviceIdentity {
  readonly deviceId: string;
  /** Area codes from the province down to the device's own area. */
  readonly areaChain: readonly string[];
}

/**
 * Looks up a device by its MQTT username and password. Resolves null for unknown, wrong or revoked credentials
 * (which of the three is not told to the caller, so a prober learns nothing). Rejects only when it cannot answer.
 */
export interface DeviceAuthenticator {
  authenticateDevice(username: string, password: string): Promise<DeviceIdentity | null>;
}

/** CONNACK return codes of MQTT 3.1.1, table 3.1. */
export const CONNACK = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;

export type ConnackRefusalCode = (typeof CONNACK)[keyof typeof CONNACK];

export type ConnectRefusalReason =
  | 'anonymous'
  | 'credentials-too-long'
  | 'bad-client-id'
  | 'busy'
  | 'cooling-down'
  | 'authenticator-failed'
  | 'bad-credentials'
  | 'invalid-identity'
  | 'client-id-mismatch'
  | 'will-refused';

export interface ConnectRefusal {
  readonly allow: false;
  readonly returnCode: ConnackRefusalCode;
  readonly reason: ConnectRefusalReason;
}

export type ConnectDecision = { readonly allow: true; readonly principal: DevicePrincipal } | ConnectRefusal;

/** Bounds on what reaches the authenticator: a device secret is 43 characters of base64url. */
export const MAX_USERNAME_LENGTH = 128;
export const MAX_PASSWORD_BYTES = 512;

export interface ConnectRequest {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Uint8Array | undefined;
}

export function refuseConnect(returnCode: ConnackRefusalCode, reason: ConnectRefusalReason): ConnectRefusal {
  return { allow: false, returnCode, reason };
}

/** Refusals that need no lookup. Undefined means: ask the authenticator. */
export function precheckConnect(request: ConnectRequest): ConnectRefusal | undefined {
  // No anonymous access: default and shared passwords are how LED boards were hijacked (domain.md, incidents).
  if (request.username === undefined || request.username === '' || request.password === undefined) {
    return refuseConnect(CONNACK.notAuthorized, 'anonymous');
  }
  if (request.username.length > MAX_USERNAME_LENGTH || request.password.byteLength > MAX_PASSWORD_BYTES) {
    return refuseConnect(CONNACK.badUsernameOrPassword, 'credentials-too-long');
  }
  // [MQTT-3.1.3-9]: an empty or unusable client id may be refused with 2; ours must be a device id.
  if (!isDeviceId(request.clientId)) return refuseConnect(CONNACK.identifierRejected, 'bad-client-id');
  return undefined;
}

/**
 * After the lookup. The client id must be the authenticated device's own id: MQTT lets a new connection with the
 * same client id take over the old one ([MQTT-3.1.4-2]), so a client id naming another device would let a stolen
 * credential knock that device off the air. The will must be the device's own presence (design.md §7).
 */
export function decideConnect(clientId: string, identity: DeviceIdentity | null, will: WillFacts | undefined): ConnectDecision {
  if (identity === null) return refuseConnect(CONNACK.badUsernameOrPassword, 'bad-credentials');
  if (!isDeviceId(identity.deviceId) || !identity.areaChain.every((code) => isAreaCode(code))) {
    return refuseConnect(CONNACK.serverUnavailable, 'invalid-identity');
  }
  if (identity.deviceId !== clientId) return refuseConnect(CONNACK.notAuthorized, 'client-id-mismatch');
  const principal: DevicePrincipal = Object.freeze({
    kind: 'device',
    deviceId: identity.deviceId,
    areaChain: Object.freeze([...identity.areaChain]),
  });
  if (will !== undefined && !canSetWill(principal, will).allow) return refuseConnect(CONNACK.notAuthorized, 'will-refused');
  return { allow: true, principal };
}
