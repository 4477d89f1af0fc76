// Decoding of every message that crosses a process boundary (design.md, decision 2). Returns a validated value or
// a coded error; nothing throws past it. Signature checks are separate (signing.ts): decoding proves shape only.
import type { Static } from '@sinclair/typebox';
import { PAYLOAD_SCHEMAS, type EnvelopeType, type SignedEnvelope } from './envelope.js';
import { fail, ok, type Result } from './errors.js';
import { parseTopic, TOPICS, type AreaTopicName, type DeviceTopicName, type TopicName } from './topics.js';
import { validate } from './validate.js';
import type { TSchema } from '@sinclair/typebox';

type Topics = typeof TOPICS;
export type MessageOf<N extends TopicName> = Topics[N] extends { signed: infer K extends EnvelopeType }
  ? SignedEnvelope<K>
  : Static<Topics[N]['schema']>;

export type Decoded = {
  [N in TopicName]: N extends DeviceTopicName
    ? { readonly name: N; readonly deviceId: string; readonly message: MessageOf<N> }
    : N extends AreaTopicName
      ? { readonly name: N; readonly areaCode: string; readonly message: MessageOf<N> }
      : never;
}[TopicName];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes → JSON value, within a size limit. */
export function parseJsonBytes(bytes: Uint8Array, maxBytes: number): Result<unknown> {
  if (bytes.byteLength > maxBytes) return fail('PROTO_ERR_TOO_LARGE', `${bytes.byteLength} > ${maxBytes} bytes`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail('PROTO_ERR_ENCODING');
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (err) {
    return fail('PROTO_ERR_JSON', (err as Error).message.slice(0, 120));
  }
}

/** Bytes → value of `schema`, within a size limit. */
export function decodeJson<T extends TSchema>(schema: T, bytes: Uint8Array, maxBytes: number): Result<Static<T>> {
  const parsed = parseJsonBytes(bytes, maxBytes);
  return parsed.ok ? validate(schema, parsed.value) : parsed;
}

function checkEnvelopeShape(value: unknown, type: EnvelopeType): Result<SignedEnvelope> {
  const envelope = value as SignedEnvelope;
  if (envelope.type !== type) return fail('PROTO_ERR_WRONG_TYPE', `expected ${type}, got ${envelope.type}`);
  const payload = validate(PAYLOAD_SCHEMAS[type], envelope.payload);
  return payload.ok ? ok(envelope) : payload;
}

/** Topic + raw MQTT payload → a typed, schema-valid message, or a coded reason. */
export function decode(topic: string, bytes: Uint8Array): Result<Decoded> {
  const parsed = parseTopic(topic);
  if (parsed === undefined) return fail('PROTO_ERR_TOPIC', topic.slice(0, 200));
  const spec = TOPICS[parsed.name];
  const value = decodeJson(spec.schema, bytes, spec.maxBytes);
  if (!value.ok) return value;
  if ('signed' in spec) {
    const envelope = checkEnvelopeShape(value.value, spec.signed);
    if (!envelope.ok) return envelope;
  }
  const { direction: _direction, ...where } = parsed;
  return ok({ ...where, message: value.value } as Decoded);
}

/** A message → bytes for its topic. The encoder trusts its caller's types; receivers always decode. */
export function encode<N extends TopicName>(_name: N, message: MessageOf<N>): Buffer {
  return Buffer.from(JSON.stringify(message), 'utf8');
}
