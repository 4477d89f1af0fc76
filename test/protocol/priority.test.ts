import t from 'tap';
import { comparePriority, outranks, PRIORITIES, PRIORITY_RANK, priorityFromRank, type Priority } from '@tinnguon/protocol';

// Điều 8 QĐ 993/2024: khẩn cấp (1) > ưu tiên (2) > thông thường (3).
const table: [a: Priority, b: Priority, aFirst: boolean, rule: string][] = [
  ['emergency', 'priority', true, 'Điều 8.1: emergency interrupts anything'],
  ['emergency', 'normal', true, 'Điều 8.1'],
  ['priority', 'normal', true, 'Điều 8.2 before 8.3'],
  ['priority', 'emergency', false, 'Điều 8.1'],
  ['normal', 'emergency', false, 'Điều 8.1'],
  ['normal', 'priority', false, 'Điều 8.3 is chosen by the commune, after 8.2'],
  ['emergency', 'emergency', false, 'equal levels never outrank each other'],
  ['priority', 'priority', false, 'equal levels'],
  ['normal', 'normal', false, 'equal levels'],
];

for (const [a, b, aFirst, rule] of table) {
  t.test(`${a} vs ${b} (${rule})`, async (t) => {
    t.equal(outranks(a, b), aFirst);
    t.equal(comparePriority(a, b) < 0, aFirst);
  });
}

t.test('sorting by comparePriority yields Điều 8 order and the ministry ranks', async (t) => {
  t.same(['normal', 'emergency', 'priority', 'normal'].sort((x, y) => comparePriority(x as Priority, y as Priority)), [
    'emergency',
    'priority',
    'normal',
    'normal',
  ]);
  t.same(PRIORITIES.map((p) => PRIORITY_RANK[p]), [1, 2, 3]);
  t.equal(priorityFromRank(1), 'emergency');
  t.equal(priorityFromRank(3), 'normal');
  t.equal(priorityFromRank(4), undefined);
});
