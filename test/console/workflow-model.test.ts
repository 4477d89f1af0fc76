// The workflow screens' pure parts, as tables: the composer's form → bulletin body (and back), wall-clock times in
// the area's zone, the approval queue's "waiting for me", revision diffs, the commune's programme choices, the LED
// preview's frame strip, and the microphone WAV the hub's recording check must accept.
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { checkRecording } from '../../hub/src/workflow/recording-check.js';
import { ConsoleApiError } from '../../hub/console/src/core/api.js';
import { translator } from '../../hub/console/src/core/i18n.js';
import { workflowText } from '../../hub/console/src/i18n/workflow.js';
import { explainError } from '../../hub/console/src/screens/workflow/wf-labels.js';
import { minimalTargets } from '../../hub/console/src/screens/workflow/area-picker.js';
import { turnOf } from '../../hub/console/src/screens/workflow/approval-queue-model.js';
import { draftFromBulletin, emptyDraft, parseTimes, toNewBulletin } from '../../hub/console/src/screens/workflow/composer-model.js';
import { activeEmergencies } from '../../hub/console/src/screens/workflow/emergency-screen.js';
import { playTimes, rgbToRgba } from '../../hub/console/src/screens/workflow/led-preview.js';
import { initialChoices, move, selectionsToSave } from '../../hub/console/src/screens/workflow/programme-model.js';
import { diffFields, revisionsToCompare } from '../../hub/console/src/screens/workflow/revision-diff.js';
import { encodeWav } from '../../hub/console/src/screens/workflow/wav-encode.js';
import type { ApprovalStatus, BulletinView } from '../../hub/console/src/screens/workflow/wf-types.js';
import { zonedEpoch, zonedParts } from '../../hub/console/src/screens/workflow/zoned-time.js';

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = Date.UTC(2026, 10, 23, 3, 0, 0); // 10:00 in Đắk Nông

t.test('wall-clock times are the area’s, not the browser’s', async (t) => {
  t.equal(zonedEpoch('2026-11-23', '17:00', TZ), Date.UTC(2026, 10, 23, 10, 0), '17:00 in Vietnam is 10:00 UTC');
  t.equal(zonedEpoch('2026-11-23', '17:00', 'UTC'), Date.UTC(2026, 10, 23, 17, 0));
  t.equal(zonedEpoch('2026-03-08', '03:30', 'America/New_York'), Date.UTC(2026, 2, 8, 7, 30), 'across a DST change');
  t.same(zonedParts(Date.UTC(2026, 10, 23, 22, 30), TZ), { date: '2026-11-24', time: '05:30' });
  t.equal(zonedEpoch('2026-11-23', '25:00', TZ), undefined);
  t.same(parseTimes('17:00, 5:30 05:30'), ['05:30', '17:00']);
  t.equal(parseTimes('17h'), undefined);
  t.equal(parseTimes(''), undefined);
});

t.test('the composer’s form becomes the hub’s bulletin body, or says what is missing', async (t) => {
  const empty = emptyDraft(NOW, TZ);
  t.same(toNewBulletin(empty, '24628', TZ, NOW).problems.map((p) => p.key), ['workflow.problem.titleEmpty', 'workflow.problem.noTargets', 'workflow.problem.ttsEmpty']);

  const d = { ...emptyDraft(NOW, TZ), title: 'Lịch tiêm chủng', targets: ['24628'], ttsText: 'Mời bà con đưa trẻ đi tiêm.', scheduleKind: 'once' as const, onceDate: '2026-11-23', onceTime: '17:15' };
  const { body } = toNewBulletin(d, '24628', TZ, NOW);
  t.match(body, { title: 'Lịch tiêm chủng', priority: 'priority', mode: 'live', originArea: '24628', targetAreas: ['24628'], content: { kind: 'tts' }, schedule: { type: 'once', at: Date.UTC(2026, 10, 23, 10, 15) }, repeat: 1 });
  t.same(toNewBulletin({ ...d, onceTime: '09:00' }, '24628', TZ, NOW).problems.map((p) => p.key), ['workflow.problem.oncePast']);
  t.same(toNewBulletin({ ...d, scheduleKind: 'recurring', times: '17h' }, '24628', TZ, NOW).problems.map((p) => p.key), ['workflow.problem.timesInvalid']);

  const emergency = toNewBulletin({ ...d, priority: 'emergency', scheduleKind: 'once' }, '24628', TZ, NOW).body;
  t.same(emergency?.schedule, { type: 'now' }, 'Điều 8.1: an emergency plays at once, whatever the form said');

  const led = toNewBulletin({ ...d, channel: 'led', slides: [{ type: 'text', text: 'Tiêm chủng', durationMs: 8000 }, { type: 'ticker', text: 'Thứ Bảy', durationMs: 6000, pixelsPerSecond: 32 }] }, '24628', TZ, NOW).body;
  t.match(led?.content, { kind: 'slides', slides: [{ type: 'text' }, { type: 'ticker' }] });
  const one = toNewBulletin({ ...d, channel: 'led', slides: [{ type: 'text', text: 'Tiêm chủng', durationMs: 8000 }] }, '24628', TZ, NOW).body;
  t.match(one?.content, { kind: 'ledText', slide: { type: 'text' } }, 'one text slide is the ledText form');
  t.same(toNewBulletin({ ...d, channel: 'loudspeaker', audioSource: 'record' }, '24628', TZ, NOW).problems.map((p) => p.key), ['workflow.problem.noRecording']);

  const back = draftFromBulletin({ ...(led as NonNullable<typeof led>), summary: undefined, validUntil: NOW + 3600_000 }, NOW, TZ);
  t.same(toNewBulletin(back, '24628', TZ, NOW).body, { ...led, validUntil: NOW + 3600_000 }, 'a saved bulletin edits back into the same body');
});

const status = (over: Partial<ApprovalStatus> = {}): ApprovalStatus => ({
  policy: { policy: { rules: { emergency: { roles: ['province_admin', 'approver', 'district_officer', 'commune_officer'], approvals: 1 }, priority: { roles: ['approver'], approvals: 2 }, normal: { roles: ['approver', 'commune_officer'], approvals: 1 } }, singleOperatorEmergency: false, reviewRoles: ['approver'] }, from: null },
  sensitive: false, submission: 1, initiators: ['xa.soan'], votes: [], ...over,
});

t.test('the approval queue follows the area’s policy, as the hub will decide', async (t) => {
  const cases: [string, { actor: string; role: string }, BulletinView['priority'], Partial<ApprovalStatus>, string][] = [
    ['a commune officer, a normal bulletin', { actor: 'xa.duyet', role: 'commune_officer' }, 'normal', {}, 'mine'],
    ['the policy leaves priority to the review body', { actor: 'xa.duyet', role: 'commune_officer' }, 'priority', {}, 'role'],
    ['already approved it', { actor: 'so.duyet', role: 'approver' }, 'priority', { votes: [{ actor: 'so.duyet', role: 'approver' }] }, 'voted'],
    ['the initiator of an emergency (two people)', { actor: 'xa.soan', role: 'commune_officer' }, 'emergency', {}, 'initiator'],
    ['someone else for an emergency', { actor: 'xa.duyet', role: 'commune_officer' }, 'emergency', {}, 'mine'],
    ['a sensitive bulletin brings in the review body (Điều 14.5)', { actor: 'so.duyet', role: 'approver' }, 'emergency', { sensitive: true }, 'mine'],
  ];
  for (const [what, me, priority, over, kind] of cases) t.equal(turnOf(me, { priority }, status(over)).kind, kind, what);
});

t.test('the diff compares the revision last sent for approval with the current one', async (t) => {
  const r = (revision: number, fields: Record<string, unknown>) => ({ revision, at: revision, actor: 'a', fields });
  const revisions = [r(1, { title: 'A', targetAreas: ['660'] }), r(2, { title: 'B', targetAreas: ['660'] }), r(3, { title: 'C', targetAreas: ['660', '663'] })];
  const history = [{ action: 'submit', to: 'submitted' as const, revision: 2, at: 0, actor: 'a' }, { action: 'reject', to: 'draft' as const, revision: 2, at: 0, actor: 'b' }];
  const pair = revisionsToCompare(revisions, history, 3);
  t.same([pair?.from.revision, pair?.to.revision], [2, 3]);
  t.same(diffFields(pair!.from.fields, pair!.to.fields).map((c) => c.field), ['title', 'targetAreas']);
  t.same([revisionsToCompare(revisions, [], 3)?.from.revision], [1], 'never submitted before: against the first draft');
  t.equal(revisionsToCompare([r(1, {})], [], 1), undefined);
  t.same(diffFields({ content: { kind: 'tts', text: 'x' } }, { content: { text: 'x', kind: 'tts' } }), [], 'key order is not a change');
});

t.test('a commune’s choices: priority order by level then as the chair set it, normal ones picked', async (t) => {
  const offered = [
    { id: 'bt-commune', priority: 'priority' as const, originDepth: 2 },
    { id: 'bt-province', priority: 'priority' as const, originDepth: 0 },
    { id: 'bt-normal', priority: 'normal' as const, originDepth: 1 },
  ];
  const fresh = initialChoices(offered, []);
  t.same(fresh.priorityOrder, ['bt-province', 'bt-commune'], 'Điều 8.2: province, then commune');
  const reordered = { ...fresh, priorityOrder: move(fresh.priorityOrder, 'bt-commune', -1) };
  t.same(reordered.priorityOrder, ['bt-commune', 'bt-province']);
  t.same(move(reordered.priorityOrder, 'bt-commune', -1), reordered.priorityOrder, 'the first cannot move up');
  const picked = { ...reordered, normal: new Map([['bt-normal', { chosen: true, schedule: { type: 'nextWindow' as const } }]]) };
  const kept = { bulletinId: 'bt-older', order: 7 };
  t.same(selectionsToSave(picked, [kept]), [{ bulletinId: 'bt-commune', order: 0 }, { bulletinId: 'bt-province', order: 1 }, { bulletinId: 'bt-normal', schedule: { type: 'nextWindow' } }, kept]);
  t.same(initialChoices(offered, selectionsToSave(picked, [])).priorityOrder, ['bt-commune', 'bt-province'], 'the saved order comes back');
});

t.test('targets: ticking an area covers its subtree, so its descendants are not listed again', async (t) => {
  const areas = [{ code: '67', parentCode: null }, { code: '660', parentCode: '67' }, { code: '24628', parentCode: '660' }, { code: '663', parentCode: '67' }].map((a) => ({ ...a, name: a.code, timeZone: TZ }));
  t.same(minimalTargets(areas, new Set(['660', '24628', '663'])), ['660', '663']);
  t.same(minimalTargets(areas, new Set(['99999'])), [], 'an area outside my scope is never sent');
});

t.test('the LED preview plays a pass within the reply ceiling and paints exact RGB', async (t) => {
  t.same(playTimes(1000, { width: 128, height: 32 }), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  const big = playTimes(600_000, { width: 256, height: 128 });
  t.ok(big.length * 256 * 128 * 3 <= 8 * 1024 * 1024 && big.length > 10, `${big.length} frames of a large board`);
  t.same([...rgbToRgba(Buffer.from([1, 2, 3, 250, 251, 252]).toString('base64'))], [1, 2, 3, 255, 250, 251, 252, 255]);
});

t.test('a microphone take encodes to the WAV the hub accepts', async (t) => {
  const samples = Float32Array.from({ length: 16_000 }, (_, i) => 0.5 * Math.sin(i / 5));
  t.match(checkRecording(encodeWav(samples, 16_000)), { sampleRate: 16_000, channels: 1, durationMs: 1000 });
  const clipped = encodeWav(Float32Array.from([2, -2]), 16_000);
  t.same([new DataView(clipped.buffer).getInt16(44, true), new DataView(clipped.buffer).getInt16(46, true)], [32767, -32768]);
});

t.test('the emergency panel follows what is waiting, ready, out, or recalled today', async (t) => {
  const b = (id: string, state: BulletinView['state'], priority: BulletinView['priority'] = 'emergency', recalledAt?: number) => ({ id, state, priority, ...(recalledAt === undefined ? {} : { recalledAt }) }) as BulletinView;
  const all = [b('a', 'submitted'), b('b', 'published'), b('c', 'draft'), b('d', 'recalled', 'emergency', NOW - 3600_000), b('e', 'recalled', 'emergency', NOW - 48 * 3600_000), b('f', 'published', 'priority'), b('g', 'expired')];
  t.same(activeEmergencies(all, NOW).map((x) => x.id), ['a', 'b', 'd']);
});

t.test('every message key the workflow screens use exists in Vietnamese and English', async (t) => {
  const dir = new URL('../../hub/console/src/screens/workflow/', import.meta.url);
  const used = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/'(workflow\.[A-Za-z0-9_]+\.[A-Za-z0-9_.]+)'/g)) if (!/\.(js|ts)$/.test(m[1] ?? '')) used.add(m[1] ?? '');
  }
  // (Screen ids, 'workflow.bulletins', have one dot and are not messages.) Keys built from data: every value the hub can send.
  const families: Record<string, readonly (string | number)[]> = {
    'workflow.priority': ['emergency', 'priority', 'normal'], 'workflow.state': ['draft', 'submitted', 'approved', 'published', 'expired', 'recalled'],
    'workflow.mode': ['live', 'test'], 'workflow.kind': ['loudspeaker', 'led'], 'workflow.weekday': [1, 2, 3, 4, 5, 6, 7],
    'workflow.role': ['province_admin', 'editor', 'approver', 'district_officer', 'commune_officer', 'technician', 'viewer'],
    'workflow.event': ['played', 'interrupted', 'missed', 'stopped', 'rejected', 'fault'],
    'workflow.history': ['create', 'edit', 'submit', 'approve', 'reject', 'publish', 'recall', 'upstream'],
    'workflow.field': ['title', 'summary', 'author', 'source', 'priority', 'mode', 'originArea', 'targetAreas', 'content', 'schedule', 'repeat', 'validFrom', 'validUntil'],
    'workflow.led.issue': ['missingGlyphs', 'textOverflow', 'imageMissing', 'imageUnsupported'],
    'workflow.reach': ['reached', 'playing', 'online', 'played', 'stopped', 'failed'], 'workflow.queue.turn': ['voted', 'initiator', 'role'],
    'workflow.audio': ['tts', 'upload', 'record'], 'workflow.schedule': ['now', 'nextWindow', 'once', 'recurring'],
    'workflow.slide': ['text', 'ticker', 'image'], 'workflow.slide.align': ['center', 'left', 'right'],
  };
  for (const [prefix, values] of Object.entries(families)) for (const v of values) used.add(`${prefix}.${v}`);
  const missing = [...used].filter((k) => !k.endsWith('.') && !(k in workflowText.vi && k in workflowText.en));
  t.same(missing, [], 'no screen shows a bare key');
  t.same(Object.keys(workflowText.vi).sort(), Object.keys(workflowText.en).sort());
  t.ok(Object.keys(workflowText.vi).every((k) => k.startsWith('workflow.')), 'namespaced');
});

t.test('the hub’s refusals are explained in the domain’s words: Điều 10 windows, schedule problems', async (t) => {
  const vi = translator(workflowText, 'vi');
  const outside = new ConsoleApiError('HUB_ERR_OUTSIDE_WINDOW', 409, 'Lịch phát nằm ngoài khung giờ hoạt động', {
    outside: [{ areaCode: '24628', kind: 'loudspeaker', time: '03:15', date: '2026-11-24' }],
  });
  t.same(explainError(vi, outside, (c) => (c === '24628' ? 'Xã Đắk Nia' : c)), [
    'Giờ phát nằm ngoài khung giờ hoạt động (Điều 10); ngoài khung giờ chỉ phát tin khẩn cấp. Bản tin sẽ không phát tại:',
    'Xã Đắk Nia — Cụm loa — 03:15 2026-11-24',
  ], 'the 03:15 incident, said where and when');
  const schedule = new ConsoleApiError('HUB_ERR_SCHEDULE_INVALID', 400, 'Lịch phát không hợp lệ', { problems: ['a one-off broadcast time is in the past', 'something new'] });
  t.same(explainError(vi, schedule), ['Máy chủ từ chối lịch phát:', 'Giờ phát một lần đã qua.', 'something new'], 'known problems translated, unknown ones kept');
  t.same(explainError(vi, new ConsoleApiError('HUB_ERR_AREA_SCOPE', 403, 'Thao tác nằm ngoài địa bàn được giao cho tài khoản')), ['Thao tác nằm ngoài địa bàn được giao cho tài khoản (HUB_ERR_AREA_SCOPE)']);
});
