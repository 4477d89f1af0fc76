// Hand-built MQTT 3.1.1 bytes for the malformed-packet fuzzer: the packets MQTT.js refuses to send, each breaking one
// rule of the spec ([MQTT-2.2.2], [MQTT-2.2.3], [MQTT-3.1.2-*], [MQTT-3.3.1-4], [MQTT-3.8.1-1], [MQTT-3.8.3-3]).
import { deviceTopic, MAX_MESSAGE_BYTES } from '@tinnguon/protocol';
import { remainingLength } from '../hub/broker/broker-harness.js';

export interface Login {
  readonly clientId: string | Buffer;
  readonly username?: string;
  readonly password?: string;
}

function field(s: string | Buffer): Buffer {
  const body = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(body.length);
  return Buffer.concat([len, body]);
}

export function frame(firstByte: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([firstByte]), remainingLength(body.length), body]);
}

export interface ConnectShape {
  readonly protocolName?: string;
  readonly level?: number;
  /** Overrides the flags byte computed from the login. */
  readonly flags?: number;
  readonly firstByte?: number;
  readonly keepaliveSec?: number;
}

export function connect(login: Login, shape: ConnectShape = {}): Buffer {
  const computed = 0x02 | (login.username === undefined ? 0 : 0x80) | (login.password === undefined ? 0 : 0x40);
  const keepalive = shape.keepaliveSec ?? 30;
  const variable = Buffer.concat([field(shape.protocolName ?? 'MQTT'), Buffer.from([shape.level ?? 4, shape.flags ?? computed, keepalive >> 8, keepalive & 0xff])]);
  const payload = [field(login.clientId), ...(login.username === undefined ? [] : [field(login.username)]), ...(login.password === undefined ? [] : [field(login.password)])];
  return frame(shape.firstByte ?? 0x10, Buffer.concat([variable, ...payload]));
}

export function publish(topic: string | Buffer, payload: Buffer, qos: 0 | 1 | 3 = 0, packetId = 1): Buffer {
  const id = qos === 0 ? Buffer.alloc(0) : Buffer.from([packetId >> 8, packetId & 0xff]);
  return frame(0x30 | (qos << 1), Buffer.concat([field(topic), id, payload]));
}

export interface MalformedCase {
  readonly name: string;
  /** Needs a valid CONNECT first (sent by the fuzzer with its own credential). */
  readonly afterConnect: boolean;
  readonly bytes: Buffer;
  /**
   * 'at-once': the hub must close the connection. 'at-connect-timeout': a packet cut short is indistinguishable from a
   * slow one, so the CONNECT timeout closes it. 'tolerated': Aedes and mqtt-packet let the connection live — a login
   * MQTT lets a server accept ([MQTT-3.1.2-1]: it "MAY continue processing"; Aedes serves 3.1 names and levels), a
   * payload only the application can judge (the hub drops it), or a rule they do not check (a zero packet id, a body
   * on PINGREQ, a PUBACK for nothing): nothing outlives that one connection, so the test only records them.
   */
  readonly closes: 'at-once' | 'at-connect-timeout' | 'tolerated';
}

/** The catalogue: each case is sent on a fresh connection. `hostile` is a device whose CONNECT is accepted. */
export function malformedCases(hostile: { readonly clientId: string; readonly username: string; readonly password: string }): MalformedCase[] {
  const bad = (name: string, bytes: Buffer, closes: MalformedCase['closes'] = 'at-once'): MalformedCase => ({ name, afterConnect: false, bytes, closes });
  const after = (name: string, bytes: Buffer, closes: MalformedCase['closes'] = 'at-once'): MalformedCase => ({ name, afterConnect: true, bytes, closes });
  const ownHeartbeat = deviceTopic('heartbeat', hostile.clientId);
  const good = connect(hostile);
  return [
    bad('remaining length of five bytes', Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f])),
    bad('remaining length 268,435,455, header only', Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])),
    bad('CONNECT declaring 20 KiB of credentials', connect({ ...hostile, password: 'x'.repeat(20_000) })),
    bad('remaining length longer than the bytes sent (truncated CONNECT)', Buffer.concat([good.subarray(0, 1), remainingLength(good.length + 40), good.subarray(2)]), 'at-connect-timeout'),
    bad('remaining length shorter than the CONNECT', Buffer.concat([good.subarray(0, 1), Buffer.from([10]), good.subarray(2)])),
    bad('protocol name MQTX', connect(hostile, { protocolName: 'MQTX' })),
    bad('protocol name in lower case', connect(hostile, { protocolName: 'mqtt' })),
    bad('empty protocol name', connect(hostile, { protocolName: '' })),
    bad('MQIsdp (3.1) name with level 4', connect(hostile, { protocolName: 'MQIsdp' }), 'tolerated'),
    bad('protocol level 0', connect(hostile, { level: 0 })),
    bad('protocol level 3 with name MQTT', connect(hostile, { level: 3 }), 'tolerated'),
    bad('protocol level 5 (we speak 3.1.1)', connect(hostile, { level: 5 })),
    bad('protocol level 255', connect(hostile, { level: 255 })),
    bad('CONNECT reserved flag set [MQTT-3.1.2-3]', connect(hostile, { flags: 0xc3 })),
    bad('CONNECT fixed-header flags 0xf [MQTT-2.2.2-2]', connect(hostile, { firstByte: 0x1f })),
    bad('will QoS without the will flag [MQTT-3.1.2-13]', connect(hostile, { flags: 0xc2 | 0x08 })),
    bad('will flag without a will topic', connect(hostile, { flags: 0xc2 | 0x04 })),
    bad('password flag without username [MQTT-3.1.2-22]', connect({ clientId: hostile.clientId, password: hostile.password })),
    bad('client id length past the packet', Buffer.concat([good.subarray(0, 12), Buffer.from([0xff, 0xff]), good.subarray(14)])),
    bad('client id not UTF-8 [MQTT-1.5.3-1]', connect({ ...hostile, clientId: Buffer.from([0xff, 0xfe, 0x41]) })),
    bad('client id with U+0000 [MQTT-1.5.3-2]', connect({ ...hostile, clientId: `${hostile.clientId}\u0000x` })),
    bad('keepalive 0 (never pings)', connect(hostile, { keepaliveSec: 0 })),
    bad('packet type 0 (reserved)', Buffer.from([0x00, 0x00])),
    bad('packet type 15 (reserved)', Buffer.from([0xf0, 0x00])),
    bad('CONNACK from a client', Buffer.from([0x20, 0x02, 0x00, 0x00])),
    bad('PUBLISH before CONNECT', publish(ownHeartbeat, Buffer.from('{}'), 1)),
    bad('PINGREQ before CONNECT', Buffer.from([0xc0, 0x00])),
    bad('HTTP on the MQTT port', Buffer.from('GET /mqtt HTTP/1.1\r\nHost: hub\r\nUpgrade: websocket\r\n\r\n')),
    bad('TLS ClientHello on the MQTT port', Buffer.from('16030100a5010000a10303', 'hex')),
    after('second CONNECT [MQTT-3.1.0-2]', good),
    after('PUBLISH QoS 3 [MQTT-3.3.1-4]', publish(ownHeartbeat, Buffer.from('{}'), 3)),
    after('PUBLISH to a wildcard topic [MQTT-3.3.2-2]', publish('tn/v1/device/+/up/heartbeat', Buffer.from('{}'), 1)),
    after('PUBLISH with a topic length past the packet', frame(0x32, Buffer.concat([Buffer.from([0x7f, 0xff]), Buffer.from('tn/v1')]))),
    after('PUBLISH topic not UTF-8', publish(Buffer.from([0xc3, 0x28, 0x2f, 0xff]), Buffer.from('{}'), 1)),
    after('PUBLISH larger than any topic allows', publish(ownHeartbeat, Buffer.alloc(MAX_MESSAGE_BYTES + 8192, 0x61), 1)),
    after('PUBLISH of invalid JSON on its own topic', publish(ownHeartbeat, Buffer.from('{"at":'), 1), 'tolerated'),
    after('SUBSCRIBE with reserved flags 0 [MQTT-3.8.1-1]', frame(0x80, Buffer.concat([Buffer.from([0, 1]), field(deviceTopic('doorbell', hostile.clientId)), Buffer.from([1])]))),
    after('SUBSCRIBE with no filter [MQTT-3.8.3-3]', frame(0x82, Buffer.from([0, 1]))),
    after('SUBSCRIBE asking QoS 3 [MQTT-3-8.3-4]', frame(0x82, Buffer.concat([Buffer.from([0, 1]), field(deviceTopic('doorbell', hostile.clientId)), Buffer.from([3])]))),
    after('SUBSCRIBE with packet id 0 [MQTT-2.3.1-1]', frame(0x82, Buffer.concat([Buffer.from([0, 0]), field(deviceTopic('doorbell', hostile.clientId)), Buffer.from([1])])), 'tolerated'),
    after('UNSUBSCRIBE with reserved flags 0', frame(0xa0, Buffer.concat([Buffer.from([0, 2]), field(deviceTopic('doorbell', hostile.clientId))]))),
    after('PUBREL with flags 0 [MQTT-3.6.1-1]', Buffer.from([0x60, 0x02, 0x00, 0x01])),
    after('PUBACK for a packet never sent', Buffer.from([0x40, 0x02, 0x12, 0x34]), 'tolerated'),
    after('PINGREQ with a body [MQTT-3.12]', Buffer.from([0xc0, 0x01, 0x00]), 'tolerated'),
    after('DISCONNECT with a body', Buffer.from([0xe0, 0x01, 0x00])),
    after('SUBACK from a client', Buffer.from([0x90, 0x03, 0x00, 0x01, 0x00])),
  ];
}
