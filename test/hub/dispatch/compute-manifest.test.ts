import t from 'tap';
import { validate, Manifest, type Bulletin } from '@tinnguon/protocol';
import { buildAreaTree, DEMO_PROVINCE } from '../../../hub/src/areas/index.js';
import { computeManifest, manifestFingerprint, type ManifestInputs } from '../../../hub/src/dispatch/compute-manifest.js';
import { sampleBulletin, T0 } from '../../helpers/samples.js';

const tree = buildAreaTree(DEMO_PROVINCE);
const ledSlides = { kind: 'ledText', slide: { type: 'text', text: 'Tiêm chủng mở rộng', durationMs: 5000 } } as const;
const b = (id: string, over: Partial<Bulletin>): Bulletin => sampleBulletin({ bulletinId: id, schedule: { type: 'nextWindow' }, priority: 'priority', ...over });

const bulletins: Bulletin[] = [
  b('bt-province-all', { targetAreas: ['67'] }),
  b('bt-giangnghia-only', { targetAreas: ['660'] }),
  b('bt-krongno-only', { targetAreas: ['664'] }),
  b('bt-normal-offered', { targetAreas: ['67'], priority: 'normal' }),
  b('bt-normal-picked', { targetAreas: ['67'], priority: 'normal' }),
  b('bt-expired', { targetAreas: ['67'], validUntil: T0 - 1 }),
  b('bt-recalled', { targetAreas: ['67'] }),
  b('bt-led-only', { targetAreas: ['67'], content: ledSlides }),
  b('bt-far-future', { targetAreas: ['67'], schedule: { type: 'once', at: T0 + 30 * 24 * 3600_000 } }),
];

const base: ManifestInputs = {
  device: { id: 'loa-24628-0001', kind: 'loudspeaker', areaCode: '24628' },
  tree,
  bulletins,
  selections: new Map([['24628', [{ bulletinId: 'bt-normal-picked', schedule: { type: 'nextWindow' } }]]]),
  recalled: ['bt-recalled'],
  settings: { volume: 80, heartbeatSec: 30 },
  version: 7,
  now: T0,
  horizonMs: 3 * 24 * 3600_000,
};

t.test('a commune loudspeaker gets what targets its chain, suits it, is live and is chosen', async (t) => {
  const m = computeManifest(base);
  t.ok(validate(Manifest, m).ok, 'schema-valid');
  t.same(m.areaChain, ['67', '660', '24628']);
  t.same(m.bulletins.map((x) => x.bulletinId), ['bt-giangnghia-only', 'bt-normal-picked', 'bt-province-all']);
  t.same(m.recalled, ['bt-recalled'], 'recalls are announced so the device drops its copy');
  t.same(m.windows, [{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }], 'Điều 10 defaults');
  t.equal(m.timeZone, 'Asia/Ho_Chi_Minh');
});

t.test('an LED board in another district gets only its own', async (t) => {
  const m = computeManifest({ ...base, device: { id: 'bang-24715-0001', kind: 'led', areaCode: '24715' }, selections: new Map() });
  t.same(m.bulletins.map((x) => x.bulletinId), ['bt-led-only']);
  t.same(m.windows, [{ start: '05:00', end: '07:00' }, { start: '17:00', end: '22:00' }]);
});

t.test('the fingerprint ignores version and time but sees content changes', async (t) => {
  const a = computeManifest(base);
  t.equal(manifestFingerprint(a), manifestFingerprint(computeManifest({ ...base, version: 8, now: T0 + 1 })));
  t.not(manifestFingerprint(a), manifestFingerprint(computeManifest({ ...base, recalled: ['bt-recalled', 'bt-province-all'] })));
});
