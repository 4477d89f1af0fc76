// What each held connection keeps, trimmed (issue 8, `connections`: 50,000 idle devices in ≤ 1 GiB of hub RSS).
// Two pieces of per-connection state in Aedes 1.x / mqtt-packet 9 outlive their use:
//  - mqtt-packet's parser buffers inbound bytes in `bl()`, a BufferListStream: a whole readable-stream Duplex (two
//    stream states, its listeners) used only as a list of buffers, ~0.9 KiB of heap per connection. bl's plain
//    BufferList, exported on that same constructor, has every method the parser calls (append, length,
//    readUInt8/16BE/32BE, slice, consume, toString): the same code parses the same bytes.
//  - after a CONNECT the parser keeps the whole CONNECT packet as its `settings`, of which it only reads
//    `protocolVersion` and `bridgeMode` again: the client id, the username and the device's password (with the
//    socket chunk it is a view of) stayed in memory for the life of the session.
// Both are library internals: each is checked before it is touched and left as it is when it is not what is
// expected, so a newer Aedes or mqtt-packet can cost memory, never correctness.
import type { Client } from 'aedes';

interface ByteList {
  readonly length: number;
  append(buf: Buffer): unknown;
  consume(bytes: number): unknown;
  slice(start?: number, end?: number): Buffer;
  readUInt8(offset: number): number;
  readUInt16BE(offset: number): number;
  readUInt32BE(offset: number): number;
  toString(encoding?: BufferEncoding, start?: number, end?: number): string;
}

interface ParserInternals {
  _list?: unknown;
  settings?: unknown;
}

const BYTE_LIST_METHODS = ['append', 'consume', 'slice', 'readUInt8', 'readUInt16BE', 'readUInt32BE', 'toString'] as const;

function parserOf(client: Client): ParserInternals | undefined {
  const parser = (client as unknown as { _parser?: unknown })._parser;
  return typeof parser === 'object' && parser !== null ? parser : undefined;
}

function isByteList(value: unknown): value is ByteList {
  if (typeof value !== 'object' || value === null) return false;
  const list = value as Record<string, unknown>;
  return typeof list.length === 'number' && BYTE_LIST_METHODS.every((m) => typeof list[m] === 'function');
}

/**
 * Swaps the parser's empty stream-backed byte list for bl's plain BufferList. Call before any byte is parsed (right
 * after `aedes.handle`). True when swapped.
 */
export function leanParserBuffer(client: Client): boolean {
  const parser = parserOf(client);
  const current = parser?._list;
  if (parser === undefined || !isByteList(current) || current.length !== 0) return false;
  const Plain = (current as { constructor?: { BufferList?: unknown } }).constructor?.BufferList;
  if (typeof Plain !== 'function') return false;
  const plain: unknown = new (Plain as new () => unknown)();
  if (!isByteList(plain) || plain.length !== 0) return false;
  parser._list = plain;
  return true;
}

/**
 * Replaces the CONNECT packet the parser keeps as its settings with the two fields it reads again. Call once the
 * client is registered (Aedes 'client'): the CONNECT has been handled by then. True when released.
 */
export function releaseConnectPacket(client: Client): boolean {
  const parser = parserOf(client);
  const settings = parser?.settings;
  if (parser === undefined || typeof settings !== 'object' || settings === null) return false;
  const { cmd, protocolVersion, bridgeMode } = settings as { cmd?: unknown; protocolVersion?: unknown; bridgeMode?: unknown };
  if (cmd !== 'connect' || typeof protocolVersion !== 'number') return false;
  parser.settings = bridgeMode === true ? { protocolVersion, bridgeMode } : { protocolVersion };
  return true;
}
