// The protocol's error catalogue (style.md §9). Decoders and verifiers return these codes, never throw them past
// the boundary; agents and the hub log and report the same codes.

export const PROTOCOL_ERRORS = {
  PROTO_ERR_TOPIC: 'Unknown or malformed topic',
  PROTO_ERR_TOO_LARGE: 'Message exceeds the size limit for its topic',
  PROTO_ERR_ENCODING: 'Message is not valid UTF-8',
  PROTO_ERR_JSON: 'Message is not valid JSON',
  PROTO_ERR_SCHEMA: 'Message does not match its schema',
  PROTO_ERR_BAD_SIGNATURE: 'Signature does not verify',
  PROTO_ERR_UNKNOWN_KEY: 'Signed by a key this device does not trust',
  PROTO_ERR_EXPIRED: 'Signed content has expired',
  PROTO_ERR_NOT_YET_VALID: 'Signed content is not valid yet',
  PROTO_ERR_REPLAYED: 'Signed content was already seen (replay)',
  PROTO_ERR_NOT_FOR_ME: 'Signed content targets other areas or devices',
  PROTO_ERR_WRONG_TYPE: 'Signed content is of an unexpected type',
  PROTO_ERR_MODE_MISMATCH: 'Live/test flag of the content disagrees with its envelope',
} as const;

export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly reason: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProtocolError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ProtocolErrorCode, detail?: string): Result<T> {
  const reason = detail === undefined ? PROTOCOL_ERRORS[code] : `${PROTOCOL_ERRORS[code]}: ${detail}`;
  return { ok: false, error: { code, reason } };
}
