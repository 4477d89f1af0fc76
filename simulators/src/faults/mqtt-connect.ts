// Just enough MQTT 3.1.1 to learn who is connecting through the fault proxy: the client identifier of the first
// packet, which [MQTT-3.1.0-1] requires to be CONNECT. The proxy forwards the bytes untouched either way.

export type ConnectPeek = { readonly state: 'complete'; readonly clientId: string } | { readonly state: 'incomplete' } | { readonly state: 'invalid'; readonly reason: string };

/** Looks at the bytes a client has sent so far. */
export function peekConnect(buf: Uint8Array): ConnectPeek {
  if (buf.length === 0) return { state: 'incomplete' };
  // [MQTT-2.2] CONNECT is packet type 1 with flags 0.
  if (buf[0] !== 0x10) return { state: 'invalid', reason: `first packet is not CONNECT (0x${(buf[0] ?? 0).toString(16)})` };
  // Remaining Length: 1–4 bytes, 7 bits each, low first [MQTT-2.2.3].
  let remaining = 0;
  let multiplier = 1;
  let pos = 1;
  for (;;) {
    if (pos >= buf.length) return { state: 'incomplete' };
    const byte = buf[pos++] ?? 0;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) break;
    multiplier *= 128;
    if (pos > 4) return { state: 'invalid', reason: 'malformed remaining length' };
  }
  const end = pos + remaining;
  if (buf.length < end) return { state: 'incomplete' };
  const u16 = (at: number): number => ((buf[at] ?? 0) << 8) | (buf[at + 1] ?? 0);
  // Variable header: protocol name (length-prefixed), level, flags, keepalive [MQTT-3.1.2].
  const nameLength = u16(pos);
  let at = pos + 2 + nameLength + 1 + 1 + 2;
  if (at + 2 > end) return { state: 'invalid', reason: 'CONNECT too short' };
  const idLength = u16(at);
  at += 2;
  if (at + idLength > end) return { state: 'invalid', reason: 'client identifier overruns the packet' };
  return { state: 'complete', clientId: Buffer.from(buf.subarray(at, at + idLength)).toString('utf8') };
}
