// Decoder fuzzing (issue 2): at least 10,000 random and mutated payloads per message type, zero crashes and zero
// acceptances of invalid input. The oracle is TypeBox's interpreted Value.Check, a separate path from the compiled
// checker the decoder uses, plus the size and UTF-8 rules.
import t from 'tap';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { areaTopic, decode, deviceTopic, PAYLOAD_SCHEMAS, TOPIC_NAMES, TOPICS, type TopicName } from '@tinnguon/protocol';
import { SAMPLES } from '../helpers/samples.js';

const RUNS_PER_KIND = 2_500; // four kinds of input below: 10,000 per message type

function topicFor(name: TopicName): string {
  return TOPICS[name].direction === 'urgent' ? areaTopic(name as 'emergency', '660') : deviceTopic(name as 'doorbell', 'loa-xa-01');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function oracleAccepts(name: TopicName, bytes: Uint8Array): boolean {
  const spec = TOPICS[name];
  if (bytes.byteLength > spec.maxBytes) return false;
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return false;
  }
  if (!Value.Check(spec.schema, value)) return false;
  if ('signed' in spec) {
    const env = value as { type: string; payload: unknown };
    return env.type === spec.signed && Value.Check(PAYLOAD_SCHEMAS[spec.signed], env.payload);
  }
  return true;
}

/** Decoding never throws, and accepts exactly what the oracle accepts. */
function agrees(name: TopicName, bytes: Uint8Array): boolean {
  const result = decode(topicFor(name), bytes);
  return result.ok === oracleAccepts(name, bytes);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  const kids = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...kids.flatMap(([k, x]) => paths(x, [...at, k]))];
}
function mutate(root: Json, path: (string | number)[], op: number, junk: Json): Json {
  if (path.length === 0) return junk;
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (op === 0) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else if (op === 1) node[last] = junk;
  else if (op === 2 && node[last] !== null && typeof node[last] === 'object' && !Array.isArray(node[last])) {
    (node[last] as Record<string, Json>)['unexpected'] = junk;
  } else node[last] = typeof node[last] === 'string' ? `${node[last]}${JSON.stringify(junk)}` : junk;
  return copy;
}

for (const name of TOPIC_NAMES) {
  t.test(`fuzz ${name}`, async (t) => {
    const sample = SAMPLES[name] as unknown as Json;
    const sampleBytes = Buffer.from(JSON.stringify(sample));
    t.ok(decode(topicFor(name), sampleBytes).ok, 'the sample itself decodes');
    const allPaths = paths(sample);

    // 1. random bytes
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (b) => agrees(name, b)), { numRuns: RUNS_PER_KIND });
    // 2. random JSON values
    fc.assert(fc.property(fc.jsonValue(), (v) => agrees(name, Buffer.from(JSON.stringify(v) ?? 'null'))), { numRuns: RUNS_PER_KIND });
    // 3. structural mutations of a valid message: delete, replace, add unknown keys, grow strings
    fc.assert(
      fc.property(fc.constantFrom(...allPaths), fc.nat({ max: 3 }), fc.jsonValue({ maxDepth: 2 }), (path, op, junk) =>
        agrees(name, Buffer.from(JSON.stringify(mutate(sample, path, op, junk as Json)))),
      ),
      { numRuns: RUNS_PER_KIND },
    );
    // 4. byte-level mutations and truncations of a valid message
    fc.assert(
      fc.property(fc.nat({ max: sampleBytes.length - 1 }), fc.nat({ max: 255 }), fc.boolean(), (i, byte, truncate) => {
        const b = truncate ? sampleBytes.subarray(0, i) : Buffer.from(sampleBytes);
        if (!truncate) b[i] = byte;
        return agrees(name, b);
      }),
      { numRuns: RUNS_PER_KIND },
    );
  });
}

t.test('oversized, malformed and unknown inputs get a coded reason', async (t) => {
  const code = (topic: string, bytes: Uint8Array) => {
    const r = decode(topic, bytes);
    return r.ok ? 'ok' : r.error.code;
  };
  const doorbell = deviceTopic('doorbell', 'loa-xa-01');
  t.equal(code(doorbell, Buffer.alloc(2048, 0x20)), 'PROTO_ERR_TOO_LARGE');
  t.equal(code(doorbell, Buffer.from([0xff, 0xfe, 0x7b])), 'PROTO_ERR_ENCODING');
  t.equal(code(doorbell, Buffer.from('{"manifestVersion":')), 'PROTO_ERR_JSON');
  t.equal(code(doorbell, Buffer.from('{"manifestVersion":"7","at":1}')), 'PROTO_ERR_SCHEMA');
  t.equal(code(doorbell, Buffer.from('{"manifestVersion":7,"at":1,"url":"http://evil"}')), 'PROTO_ERR_SCHEMA');
  t.equal(code('tn/v1/device/loa-xa-01/down/shell', Buffer.from('{}')), 'PROTO_ERR_TOPIC');
  t.equal(code(areaTopic('emergency', '660'), Buffer.from(JSON.stringify(SAMPLES.stop))), 'PROTO_ERR_WRONG_TYPE');
  const r = decode(doorbell, Buffer.from('{"manifestVersion":"7","at":1}'));
  t.match(r.ok ? '' : r.error.reason, /manifestVersion/, 'the reason names the field');
});
