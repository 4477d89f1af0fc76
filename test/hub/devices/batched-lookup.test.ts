// Lookups asked for in one turn of the event loop share one read (batched-lookup.ts); nothing is kept between reads.
import t from 'tap';
import { BatchedLookup } from '../../../hub/src/devices/batched-lookup.js';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('one read per turn with the distinct keys, each caller its own answer; the next turn reads afresh', async (t) => {
  const reads: string[][] = [];
  let table = new Map([['a', 1], ['b', 2]]);
  const lookup = new BatchedLookup<number>(async (keys) => {
    reads.push([...keys]);
    return new Map(keys.flatMap((k) => (table.has(k) ? [[k, table.get(k)!] as const] : [])));
  }, 10);
  t.same(await Promise.all([lookup.get('a'), lookup.get('b'), lookup.get('a'), lookup.get('z')]), [1, 2, 1, undefined]);
  t.same(reads, [['a', 'b', 'z']]);
  table = new Map([['a', 7]]);
  t.same(await Promise.all([lookup.get('a'), lookup.get('b')]), [7, undefined], 'a change between turns is seen at once');
  t.equal(reads.length, 2);
});

t.test('keys asked for while a read is under way wait for the next read, which gathers them all', async (t) => {
  const reads: string[][] = [];
  const finish: (() => void)[] = [];
  let version = 1;
  const lookup = new BatchedLookup<number>((keys) => {
    reads.push([...keys]);
    const seen = version;
    return new Promise((resolve) => finish.push(() => resolve(new Map(keys.map((k) => [k, seen])))));
  }, 10);
  const first = lookup.get('a');
  await turn();
  t.same(reads, [['a']], 'the first read starts at the end of its turn');
  // A write commits while the read is under way; everyone asking after it must see it.
  version = 2;
  const later = [lookup.get('a')];
  await turn();
  later.push(lookup.get('b'));
  await turn();
  t.equal(reads.length, 1, 'no second read while the first is under way');
  finish[0]!();
  t.equal(await first, 1);
  await turn();
  t.same(reads[1], ['a', 'b'], 'one read for everyone who waited');
  finish[1]!();
  t.same(await Promise.all(later), [2, 2], 'never the answer of a read begun before they asked');
});

t.test('more keys than one read may carry are split; a failed read fails only its own callers', async (t) => {
  const reads: string[][] = [];
  const lookup = new BatchedLookup<string>(async (keys) => {
    reads.push([...keys]);
    if (keys.includes('bad')) throw new Error('database is locked');
    return new Map(keys.map((k) => [k, k.toUpperCase()]));
  }, 2);
  const answers = ['a', 'b', 'bad', 'c'].map((k) => lookup.get(k).catch((err: Error) => err.message));
  t.same(await Promise.all(answers), ['A', 'B', 'database is locked', 'database is locked']);
  t.same(reads, [['a', 'b'], ['bad', 'c']]);
  await turn();
  t.same(await lookup.get('c'), 'C', 'the next read works');
  t.throws(() => new BatchedLookup(async () => new Map(), 0), RangeError);
});

t.test('a read that throws before it starts rejects its callers instead of escaping', async (t) => {
  const lookup = new BatchedLookup<string>(() => {
    throw new Error('closed');
  }, 5);
  await t.rejects(lookup.get('a'), /closed/);
});
