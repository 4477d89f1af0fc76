// The administration screens speak Vietnamese first and English completely (issue 9): every admin.* key the screens
// use exists in both languages, and the two languages hold the same keys. Reads the compiled console (tsc -b).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';

interface Dictionary {
  readonly vi: Readonly<Record<string, string>>;
  readonly en: Readonly<Record<string, string>>;
}

const SCREENS = new URL('../../hub/console/src/screens/admin/', import.meta.url).pathname;
// Keys built from values at run time, spelled out here so that each is checked.
const BUILT = [
  ...['loudspeaker', 'led'].map((k) => `admin.kind.${k}`),
  ...['emergency', 'priority', 'normal'].map((p) => `admin.priority.${p}`),
  ...['played', 'missed', 'interrupted', 'stopped', 'rejected', 'fault', 'total'].map((e) => `admin.reports.event.${e}`),
  ...['altered', 'relinked', 'missing', 'truncated'].map((r) => `admin.audit.break.${r}`),
];

t.test('every admin.* key used by the screens is translated, in both languages alike', async (t) => {
  const { adminText } = (await import('../../hub/console/dist/i18n/admin.js')) as { adminText: Dictionary };
  const used = new Set(BUILT);
  for (const file of await readdir(SCREENS)) {
    const source = await readFile(join(SCREENS, file), 'utf8');
    for (const m of source.matchAll(/'(admin\.[A-Za-z]+\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
  }
  t.ok(used.size > 150, `${used.size} keys found`);
  t.same([...used].filter((k) => !(k in adminText.vi)), [], 'Vietnamese has every key');
  t.same([...used].filter((k) => !(k in adminText.en)), [], 'English has every key');
  t.same(Object.keys(adminText.vi).filter((k) => !(k in adminText.en)), [], 'no Vietnamese-only keys');
  t.same(Object.keys(adminText.en).filter((k) => !(k in adminText.vi)), [], 'no English-only keys');
  t.same(Object.keys(adminText.vi).filter((k) => !k.startsWith('admin.')), [], 'namespaced');
  t.same(Object.entries(adminText.vi).filter(([k, v]) => v === adminText.en[k] && /[a-z]{4}/.test(v) && !/^[A-Z0-9 ().,/–-]+$/.test(v)).map(([k]) => k), [], 'nothing left untranslated');
});
