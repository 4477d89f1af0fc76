// The approval workflow through the API with real people: the two-person emergency, several approvers, the review
// body for sensitive bulletins, the single trained operator, the one-click cancel, and STOP by one person.
import t from 'tap';
import { startTrustHub, type Caller, type TrustHub } from './trust-hub.js';

const DAY = 24 * 3600_000;

interface Reply {
  bulletin: { id: string; state: string; title: string; priority: string; schedule: { type: string } };
  approval: { have: number; need: number; complete: boolean; waitingFor?: string; reviewed: boolean };
  dispatch: { emergencyId?: string; stopId?: string };
  correction: { id: string; title: string; state: string; priority: string; schedule: { type: string }; targetAreas: string[] };
  history: { action: string; actor: string }[];
  stopId: string;
  error: { code: string; message: string };
}

function draft(priority: string, area: string, title = 'Cảnh báo lũ quét trên sông Krông Nô') {
  return {
    title, priority, originArea: area, targetAreas: [area],
    content: { kind: 'ledText', slide: { type: 'text', text: title.slice(0, 200), durationMs: 8000 } },
    schedule: priority === 'emergency' ? { type: 'now' } : { type: 'nextWindow' }, validUntil: Date.now() + DAY,
  };
}

async function submitted(hub: TrustHub, author: Caller, body: object): Promise<string> {
  const created = await hub.call('POST', '/api/bulletins', author, body);
  if (created.statusCode !== 201) throw new Error(created.body);
  const id = created.json<Reply>().bulletin.id;
  const sub = await hub.call('POST', `/api/bulletins/${id}/submit`, author);
  if (sub.statusCode !== 200) throw new Error(sub.body);
  return id;
}

t.test('an emergency needs a second person; once published, cancel recalls it at once and drafts the correction', async (t) => {
  const hub = await startTrustHub(t);
  const huyen = await hub.official('trung.tam.dak.mil', 'district_officer', '663', 'Trung tâm VH-TT-TT Đắk Mil');
  const duyet = await hub.official('tham.dinh', 'approver', '67', 'Ban Tuyên giáo tỉnh');
  const id = await submitted(hub, huyen, draft('emergency', '663'));

  const self = await hub.call('POST', `/api/bulletins/${id}/approve`, huyen);
  t.equal(self.statusCode, 403);
  t.match(self.json<Reply>().error, { code: 'HUB_ERR_APPROVAL_SAME_PERSON', message: /^Bản tin khẩn cấp phải do một người khác/ });
  const approved = await hub.call('POST', `/api/bulletins/${id}/approve`, duyet);
  t.equal(approved.statusCode, 200, approved.body);
  t.match(approved.json<Reply>(), { bulletin: { state: 'approved' }, approval: { complete: true, have: 1, need: 1 } });

  const published = await hub.call('POST', `/api/bulletins/${id}/publish`, huyen);
  t.equal(published.statusCode, 200, published.body);
  t.ok(published.json<Reply>().dispatch.emergencyId, 'sent by the urgent path');

  const cancelled = await hub.call('POST', `/api/bulletins/${id}/cancel`, huyen, { reason: 'Báo động nhầm, không có lũ' });
  t.equal(cancelled.statusCode, 200, cancelled.body);
  const c = cancelled.json<Reply>();
  t.equal(c.bulletin.state, 'recalled');
  t.ok(c.dispatch.stopId, 'the signed recall went out on the first click, no second approver');
  t.match(c.correction, {
    title: 'Thông báo đính chính: Cảnh báo lũ quét trên sông Krông Nô', state: 'draft', priority: 'emergency', schedule: { type: 'now' }, targetAreas: ['663'],
  });
  const history = (await hub.call('GET', `/api/bulletins/${id}`, duyet)).json<Reply>().history.map((h) => `${h.action}:${h.actor}`);
  t.same(history, ['create:trung.tam.dak.mil', 'submit:trung.tam.dak.mil', 'approve:tham.dinh', 'publish:trung.tam.dak.mil', 'recall:trung.tam.dak.mil'], 'the real people are in the history');
});

t.test('an area asking for two approvers gets two different people', async (t) => {
  const hub = await startTrustHub(t);
  const policy = {
    rules: {
      emergency: { roles: ['province_admin', 'approver'], approvals: 1 },
      priority: { roles: ['province_admin', 'approver', 'district_officer'], approvals: 1 },
      normal: { roles: ['province_admin', 'approver'], approvals: 2 },
    },
    singleOperatorEmergency: false,
    reviewRoles: ['approver'],
  };
  const set = await hub.call('PUT', '/api/areas/663/approval-policy', hub.admin, { policy });
  t.equal(set.statusCode, 200, set.body);
  t.match((await hub.call('GET', '/api/areas/24670/approval-policy', hub.admin)).json(), { from: '663', own: null }, 'inherited down the tree');
  const huyen = await hub.official('huyen', 'district_officer', '663');
  const a = await hub.official('duyet.a', 'approver', '67');
  const b = await hub.official('quan.tri', 'province_admin', '67');
  const id = await submitted(hub, huyen, draft('normal', '663', 'Lịch tiêm phòng dại cho chó mèo'));

  t.match((await hub.call('POST', `/api/bulletins/${id}/approve`, huyen)).json<Reply>().error, { code: 'HUB_ERR_APPROVAL_ROLE' }, 'this area does not let districts approve normal bulletins');
  const first = await hub.call('POST', `/api/bulletins/${id}/approve`, a);
  t.equal(first.statusCode, 202);
  t.match(first.json<Reply>(), { bulletin: { state: 'submitted' }, approval: { have: 1, need: 2, complete: false, waitingFor: 'approvers' } });
  t.match((await hub.call('POST', `/api/bulletins/${id}/approve`, a)).json<Reply>().error, { code: 'HUB_ERR_APPROVAL_DUPLICATE' });
  const second = await hub.call('POST', `/api/bulletins/${id}/approve`, b);
  t.match(second.json<Reply>(), { bulletin: { state: 'approved' }, approval: { have: 2, need: 2, complete: true } });
  const status = (await hub.call('GET', `/api/bulletins/${id}/approval`, huyen)).json<{ votes: { actor: string }[] }>();
  t.same(status.votes.map((v) => v.actor), ['duyet.a', 'quan.tri']);

  t.match((await hub.call('PUT', '/api/areas/663/approval-policy', huyen, { policy })).json<Reply>().error, { code: 'HUB_ERR_FORBIDDEN' }, 'a district cannot set its own bar');
  const invalid = await hub.call('PUT', '/api/areas/663/approval-policy', hub.admin, { policy: { ...policy, reviewRoles: ['editor'] } });
  t.match(invalid.json<Reply>().error, { code: 'HUB_ERR_APPROVAL_POLICY_INVALID', message: /^Quy định phê duyệt không hợp lệ/ });
});

t.test('a sensitive bulletin waits for the review body (Điều 14.5), and only the review body clears the mark', async (t) => {
  const hub = await startTrustHub(t);
  const editor = await hub.official('bien.tap', 'editor', '67', 'Ban biên tập');
  const admin = await hub.official('so.vhtt', 'province_admin', '67', 'Sở VH-TT-DL');
  const reviewer = await hub.official('ban.tuyen.giao', 'approver', '67', 'Ban Tuyên giáo');
  const created = await hub.call('POST', '/api/bulletins', editor, draft('normal', '67', 'Phản bác thông tin sai lệch về dự án bô-xít'));
  const id = created.json<Reply>().bulletin.id;
  t.equal((await hub.call('PUT', `/api/bulletins/${id}/sensitivity`, editor, { sensitive: true })).statusCode, 200);
  await hub.call('POST', `/api/bulletins/${id}/submit`, editor);
  t.match((await hub.call('PUT', `/api/bulletins/${id}/sensitivity`, editor, { sensitive: false })).json<Reply>().error, { code: 'HUB_ERR_REVIEW_REQUIRED' }, 'the author cannot route around the review');
  const byAdmin = await hub.call('POST', `/api/bulletins/${id}/approve`, admin);
  t.equal(byAdmin.statusCode, 202);
  t.match(byAdmin.json<Reply>().approval, { waitingFor: 'review', reviewed: false });
  t.equal((await hub.call('POST', `/api/bulletins/${id}/publish`, admin)).statusCode, 409, 'not publishable yet');
  const reviewed = await hub.call('POST', `/api/bulletins/${id}/approve`, reviewer);
  t.match(reviewed.json<Reply>(), { bulletin: { state: 'approved' }, approval: { reviewed: true, complete: true } });
});

t.test('one trained operator where the area allows it; STOP is always one person away', async (t) => {
  const hub = await startTrustHub(t);
  const operator = await hub.official('truc.xa', 'commune_officer', '24700', 'Cán bộ trực xã Nam Xuân');
  const id = await submitted(hub, operator, draft('emergency', '24700', 'Cháy rừng gần thôn 3'));
  t.match((await hub.call('POST', `/api/bulletins/${id}/approve`, operator)).json<Reply>().error, { code: 'HUB_ERR_APPROVAL_SAME_PERSON' }, 'by default, two people');
  await hub.call('POST', `/api/bulletins/${id}/reject`, operator, { reason: 'Gửi lại sau khi đổi quy định' });
  const policy = (await hub.call('GET', '/api/areas/24700/approval-policy', operator)).json<{ policy: Record<string, unknown> }>().policy;
  t.equal((await hub.call('PUT', '/api/areas/24700/approval-policy', hub.admin, { policy: { ...policy, singleOperatorEmergency: true } })).statusCode, 200);
  await hub.call('POST', `/api/bulletins/${id}/submit`, operator);
  t.match((await hub.call('POST', `/api/bulletins/${id}/approve`, operator)).json<Reply>(), { bulletin: { state: 'approved' } });

  const stop = await hub.call('POST', '/api/stop', operator, { areas: ['24700'], reason: 'Dừng khẩn' });
  t.equal(stop.statusCode, 202, stop.body);
  t.ok(stop.json<Reply>().stopId);
  const viewer = await hub.official('nguoi.xem', 'viewer', '24700');
  t.match((await hub.call('POST', '/api/stop', viewer, { areas: ['24700'] })).json<Reply>().error, { code: 'HUB_ERR_FORBIDDEN' });
});
