// The shell's and the device screens' words exist in both languages (Vietnamese first, English complete), and the
// translator fills placeholders and falls back sensibly (hub/console/src/core/i18n.ts).
import t from 'tap';
import { mergeDictionaries, missingKeys, storedLang, translator } from '../../hub/console/src/core/i18n.js';
import { coreText } from '../../hub/console/src/i18n/core.js';
import { devicesText } from '../../hub/console/src/i18n/devices.js';

t.test('every key of the shell and device screens is in both languages', async (t) => {
  for (const [name, d] of [['core', coreText], ['devices', devicesText]] as const) t.same(missingKeys(d), { vi: [], en: [] }, name);
});

t.test('Vietnamese text carries its diacritics', async (t) => {
  const vi = translator(mergeDictionaries([coreText, devicesText]), 'vi');
  t.equal(vi('core.signIn.title'), 'Đăng nhập');
  t.equal(vi('devices.alert.clock-untrusted'), 'Đồng hồ chưa đồng bộ — không phát nội dung theo lịch');
});

t.test('translation: placeholders, fallbacks, remembered choice', async (t) => {
  const d = mergeDictionaries([{ vi: { a: 'Xin chào {name}', b: 'chỉ tiếng Việt' }, en: { a: 'Hello {name}' } }, { vi: { a: 'trùng khoá' }, en: {} }]);
  t.equal(translator(d, 'en')('a', { name: 'Lan' }), 'Hello Lan');
  t.equal(translator(d, 'vi')('a', { name: 'Lan' }), 'Xin chào Lan', 'the first dictionary to define a key wins');
  t.equal(translator(d, 'en')('b'), 'chỉ tiếng Việt', 'missing English falls back to Vietnamese');
  t.equal(translator(d, 'en')('nope'), 'nope', 'an unknown key shows itself');
  const store = new Map<string, string>();
  const ls = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  t.equal(storedLang(ls), 'vi', 'Vietnamese by default');
  ls.setItem('tinnguon.lang', 'en');
  t.equal(storedLang(ls), 'en');
  t.equal(storedLang({ getItem: () => { throw new Error('denied'); }, setItem: () => undefined }), 'vi', 'storage refused: Vietnamese');
});

t.test('dates are shown in the area’s zone, never the browser’s (design.md §11)', async (t) => {
  const { formatDateTime, localDate, formatAgo, startOfLocalDay } = await import('../../hub/console/src/core/format.js');
  const lateUtc = Date.UTC(2026, 10, 23, 17, 30); // 00:30 on 24/11 in Hà Nội / TP.HCM (UTC+7)
  t.equal(localDate(lateUtc), '2026-11-24', 'the local day, for ?date= of the programme');
  t.equal(formatDateTime(lateUtc), '00:30 24/11/2026');
  t.equal(startOfLocalDay(lateUtc), Date.UTC(2026, 10, 23, 17, 0), 'local midnight');
  t.equal(formatAgo(lateUtc - 5 * 60_000, lateUtc, 'vi'), '5 phút trước');
  t.equal(formatAgo(lateUtc - 3 * 3600_000, lateUtc, 'en'), '3 h ago');
});
