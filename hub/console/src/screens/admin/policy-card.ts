// An area's approval policy (design.md "Bulletin life cycle"; issue 4): which roles approve each priority, how many
// distinct people, whether one trained operator may send an emergency alone, and who appraises sensitive bulletins
// (thẩm định, Điều 14.5). Inherited down the tree like windows; only the province sets it (approval.policy).
import { isApiError } from '../../core/api.js';
import { confirmDialog } from '../../core/dialog.js';
import { h, mount } from '../../core/dom.js';
import { button, field, input } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { toast } from '../../core/toast.js';
import { badge, card, errorBox } from '../../core/view.js';
import { hasPermission, textOf } from './admin-common.js';
import { PRIORITIES, type ApprovalPolicy, type EffectivePolicy, type Priority, type Role } from './admin-types.js';

/** Roles the permission matrix lets approve (bulletin.approve.*) and appraise (bulletin.review). */
const APPROVER_ROLES: readonly Role[] = ['province_admin', 'approver', 'district_officer', 'commune_officer'];
const REVIEW_ROLES: readonly Role[] = ['province_admin', 'approver'];

function roleBoxes(ctx: ScreenContext, legend: string, roles: readonly Role[], chosen: readonly Role[], name: string): HTMLFieldSetElement {
  return h('fieldset', { class: 'role-boxes', dataset: { name } },
    h('legend', null, legend),
    roles.map((r) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name, value: r, checked: chosen.includes(r) }), ` ${ctx.t(`core.role.${r}`)}`)));
}

function checked(set: HTMLElement): Role[] {
  return [...set.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((i) => i.value as Role);
}

function summary(ctx: ScreenContext, p: ApprovalPolicy): HTMLElement {
  const roles = (rs: readonly Role[]) => rs.map((r) => ctx.t(`core.role.${r}`)).join(', ');
  return h('div', { class: 'stack' },
    table(
      [
        { key: 'priority', label: ctx.t('admin.reports.priority'), render: (x: Priority) => ctx.t(`admin.priority.${x}`) },
        { key: 'roles', label: ctx.t('admin.policy.roles'), render: (x: Priority) => roles(p.rules[x].roles) },
        { key: 'approvals', label: ctx.t('admin.policy.approvals'), className: 'num', render: (x: Priority) => String(p.rules[x].approvals) },
      ],
      PRIORITIES,
      { rowKey: (x) => x },
    ),
    h('p', null, p.singleOperatorEmergency ? badge(ctx.t('admin.policy.singleOperatorOn'), 'warn') : badge(ctx.t('admin.policy.twoPeople'), 'ok')),
    h('p', null, ctx.t('admin.policy.reviewers', { roles: roles(p.reviewRoles) })));
}

function editor(ctx: ScreenContext, code: string, e: EffectivePolicy, reload: () => Promise<void>): HTMLElement {
  const t = textOf(ctx);
  const p = e.policy;
  const rules = PRIORITIES.map((priority) => {
    const boxes = roleBoxes(ctx, t('admin.policy.rolesFor', { priority: t(`admin.priority.${priority}`) }), APPROVER_ROLES, p.rules[priority].roles, `roles-${priority}`);
    const count = field(t('admin.policy.approvalsFor', { priority: t(`admin.priority.${priority}`) }), input({ type: 'number', min: 1, max: 5, step: 1, value: String(p.rules[priority].approvals), name: `approvals-${priority}` }));
    return { priority, boxes, count };
  });
  const single = h('input', { type: 'checkbox', name: 'singleOperatorEmergency', checked: p.singleOperatorEmergency });
  const reviewers = roleBoxes(ctx, t('admin.policy.reviewRoles'), REVIEW_ROLES, p.reviewRoles, 'reviewRoles');
  const message = h('p', { class: 'form-message form-message-error', role: 'alert', hidden: true });
  const fail = (text: string) => {
    message.textContent = text;
    message.hidden = false;
  };

  async function put(policy: ApprovalPolicy | null): Promise<void> {
    message.hidden = true;
    try {
      await ctx.api('PUT', `/api/areas/${encodeURIComponent(code)}/approval-policy`, { policy });
      toast(t(policy === null ? 'admin.policy.inherited' : 'admin.policy.saved'), 'success');
      await reload();
    } catch (error) {
      fail(`${error instanceof Error ? error.message : String(error)}${isApiError(error) ? ` (${error.code})` : ''}`);
    }
  }

  const save = button(t('admin.policy.save'), async () => {
    const built = {} as Record<Priority, { roles: Role[]; approvals: number }>;
    for (const r of rules) {
      const roles = checked(r.boxes);
      const approvals = Number(r.count.control.value);
      if (roles.length === 0) return fail(t('admin.policy.needRole', { priority: t(`admin.priority.${r.priority}`) }));
      if (!Number.isInteger(approvals) || approvals < 1 || approvals > 5) return fail(t('admin.policy.badCount'));
      built[r.priority] = { roles, approvals };
    }
    const reviewRoles = checked(reviewers);
    if (reviewRoles.length === 0) return fail(t('admin.policy.needReviewer'));
    if (single.checked && !p.singleOperatorEmergency && !(await confirmDialog({ title: t('admin.policy.singleOperator'), message: t('admin.policy.singleOperatorConfirm'), danger: true }))) return;
    await put({ rules: built, singleOperatorEmergency: single.checked, reviewRoles });
  }, { variant: 'primary' });

  return h('details', { class: 'policy-editor' },
    h('summary', null, t('admin.policy.edit')),
    h('div', { class: 'stack' },
      rules.map((r) => h('div', { class: 'grid' }, r.boxes, r.count.root)),
      h('label', { class: 'check' }, single, ` ${t('admin.policy.singleOperator')}`),
      h('p', { class: 'field-hint' }, t('admin.policy.singleOperatorHint')),
      reviewers,
      message,
      h('div', { class: 'btn-row' }, save, e.own === null ? null : button(t('admin.policy.inherit'), () => put(null)))));
}

export async function policyCard(ctx: ScreenContext, code: string, nameOf: (code: string) => string): Promise<HTMLElement> {
  const body = h('div', { class: 'stack' });
  const reload = async (): Promise<void> => {
    try {
      const e = await ctx.api<EffectivePolicy>('GET', `/api/areas/${encodeURIComponent(code)}/approval-policy`);
      const from = e.from === null
        ? badge(ctx.t('admin.policy.fromDefault'), 'info')
        : e.from === code ? badge(ctx.t('admin.policy.fromOwn'), 'ok') : badge(ctx.t('admin.policy.fromParent', { name: nameOf(e.from) }), 'muted');
      mount(body, h('p', null, from), summary(ctx, e.policy), hasPermission(ctx, 'approval.policy') ? editor(ctx, code, e, reload) : null);
    } catch (error) {
      mount(body, errorBox(error));
    }
  };
  await reload();
  return card(ctx.t('admin.policy.title'), body);
}
