import t from 'tap';
import type { MediaRef, Priority } from '@tinnguon/protocol';
import { planCache, type CachePlanInput, type NeededMedia, type PresentFile } from '../../../edge-agent/src/cache/plan-cache.js';

const T0 = Date.UTC(2025, 5, 1, 22, 0);
const KB = 1024;

const sha = (c: string): string => c.repeat(64);
const ref = (c: string, bytes: number): MediaRef => ({ sha256: sha(c), bytes, mime: 'audio/mpeg' });
const need = (c: string, bytes: number, priority: Priority, neededBy = T0): NeededMedia => ({ media: ref(c, bytes), priority, neededBy });
const file = (c: string, bytes: number, lastUsedAt = T0): PresentFile => ({ sha256: sha(c), bytes, lastUsedAt });

function input(over: Partial<CachePlanInput>): CachePlanInput {
  return { needed: [], pinned: [], playing: [], present: [], freeBytes: 1000 * KB, reserveBytes: 100 * KB, ...over };
}

const shortShas = (list: readonly string[]) => list.map((s) => s[0]);

t.test('downloads what is missing, most needed first: pinned, emergency, priority, normal, earliest first', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', KB, 'normal'), need('b', KB, 'priority', T0 + 10), need('c', KB, 'priority', T0), need('d', KB, 'emergency', T0 + 99)],
      pinned: [ref('e', KB)],
      present: [file('f', KB)],
    }),
  );
  t.same(shortShas(plan.download.map((d) => d.media.sha256)), ['e', 'd', 'c', 'b', 'a']);
  t.same(plan.evict, [], 'nothing is evicted while there is room');
  t.same(plan.refused, []);
});

t.test('present files are kept or pinned, and a media used twice is planned once at its most urgent use', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', KB, 'normal', T0 + 50), need('a', KB, 'emergency', T0 + 60), need('b', KB, 'normal')],
      pinned: [ref('p', KB)],
      present: [file('a', KB), file('p', KB)],
    }),
  );
  t.same(shortShas(plan.keep), ['a']);
  t.same(shortShas(plan.pin), ['p']);
  t.same(plan.download.map((d) => [d.media.sha256[0], d.priority]), [['b', 'normal']]);
});

t.test('evicts unneeded files, oldest last use first, and only as much as needed', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', 300 * KB, 'normal')],
      present: [file('x', 200 * KB, T0 - 10), file('y', 200 * KB, T0 - 30), file('z', 200 * KB, T0 - 20)],
      freeBytes: 150 * KB,
    }),
  );
  t.same(plan.evict.map((e) => [e.sha256[0], e.reason]), [['y', 'unneeded'], ['z', 'unneeded']]);
  t.same(shortShas(plan.download.map((d) => d.media.sha256)), ['a']);
});

t.test('never evicts the pinned tone or what is playing; refuses what cannot fit even then, evicting nothing for it', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', 600 * KB, 'emergency')],
      pinned: [ref('p', 300 * KB)],
      playing: [sha('q')],
      present: [file('p', 300 * KB, T0 - 99), file('q', 300 * KB, T0 - 98), file('x', 100 * KB)],
      freeBytes: 300 * KB,
    }),
  );
  t.same(plan.evict, []);
  t.same(plan.download, []);
  t.same(plan.refused.map((r) => [r.media.sha256[0], r.code, r.shortBytes]), [['a', 'AGENT_ERR_DISK_FULL', 300 * KB]]);
  t.same(shortShas(plan.keep), ['q'], 'what is playing stays even if no bulletin needs it any more');
  t.same(shortShas(plan.pin), ['p']);
});

t.test('an emergency’s media may push out media needed only later by less urgent bulletins', async (t) => {
  const plan = planCache(
    input({
      needed: [need('e', 400 * KB, 'emergency'), need('n', 300 * KB, 'normal', T0 + 86_400_000), need('m', 300 * KB, 'normal', T0 + 3_600_000)],
      present: [file('n', 300 * KB), file('m', 300 * KB)],
      freeBytes: 300 * KB,
    }),
  );
  t.same(plan.evict.map((e) => [e.sha256[0], e.reason]), [['n', 'lessNeeded']], 'the latest-needed goes first');
  t.same(shortShas(plan.download.map((d) => d.media.sha256)), ['e']);
  t.same(shortShas(plan.keep), ['m']);
  t.same(shortShas(plan.refused.map((r) => r.media.sha256)), ['n'], 'and is reported as not fitting');
});

t.test('a part resumes and counts as space already taken; abandoned parts are removed', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', 500 * KB, 'normal')],
      present: [],
      partial: [
        { sha256: sha('a'), bytes: 450 * KB },
        { sha256: sha('z'), bytes: 100 * KB },
      ],
      freeBytes: 250 * KB,
      reserveBytes: 200 * KB,
    }),
  );
  t.same(plan.evict.map((e) => [e.sha256[0], e.partial, e.reason]), [['z', true, 'abandonedPart']]);
  t.same(plan.download.map((d) => [d.media.sha256[0], d.resumeFrom]), [['a', 450 * KB]]);
});

t.test('when the disk filled up from elsewhere, unneeded files go until the reserve is back', async (t) => {
  const plan = planCache(
    input({
      needed: [need('a', KB, 'normal')],
      present: [file('a', KB), file('x', 50 * KB, T0 - 2), file('y', 50 * KB, T0 - 1)],
      freeBytes: 60 * KB,
    }),
  );
  t.same(plan.evict.map((e) => [e.sha256[0], e.reason]), [['x', 'reserve']]);
  t.same(shortShas(plan.keep), ['a']);
});
