// Users and roles (issue 9 "Administration"; Điều 9, 13–17: accounts per agency and level, each acting only within
// its area). A province administrator creates accounts in their subtree with a temporary password shown once,
// resets passwords and lost second factors, changes roles and areas, and disables accounts. The hub enforces all of
// it (account.manage, subtree scope); this screen only offers what the session may do.
import { isApiError } from '../../core/api.js';
import { areaName, loadAreas, type AreaInfo } from '../../core/areas.js';
import { confirmDialog, openDialog } from '../../core/dialog.js';
import { h, mount } from '../../core/dom.js';
import { button, field, form, input, select } from '../../core/form.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { toast } from '../../core/toast.js';
import { badge, card, errorBox, page } from '../../core/view.js';
import { apiOf, areaSelect, homeArea, textOf } from './admin-common.js';
import { ROLES, type Account } from './admin-types.js';

/** Roles that may approve emergencies must set up TOTP before working (hub: requiresTotp). */
const TOTP_ROLES = new Set(['province_admin', 'approver', 'district_officer', 'commune_officer']);

function roleSelect(ctx: ScreenContext, value: string, name = 'role'): HTMLSelectElement {
  return select(ROLES.map((r) => ({ value: r, label: ctx.t(`core.role.${r}`) })), value, { name });
}

/** The one moment a temporary password is visible: big, selectable, with what to do next. */
function showTemporaryPassword(ctx: ScreenContext, account: Account, password: string, title: string): void {
  openDialog({
    title,
    body: h(
      'div',
      { class: 'stack temp-password' },
      h('p', null, ctx.t('admin.users.tempFor', { name: account.displayName, username: account.username })),
      h('p', { class: 'secret' }, h('code', { class: 'temp-password-value', style: { 'font-size': '1.4rem', 'user-select': 'all' } }, password)),
      h('p', { class: 'form-message form-message-info', role: 'note' }, ctx.t('admin.users.tempOnce')),
      TOTP_ROLES.has(account.role) ? h('p', { class: 'small' }, ctx.t('admin.users.totpNeeded')) : null,
    ),
    actions: [{ label: ctx.t('admin.users.tempDone'), variant: 'primary' }],
  });
}

function statusBadges(ctx: ScreenContext, a: Account): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (a.disabled) out.push(badge(ctx.t('admin.users.disabled'), 'danger'));
  else out.push(badge(ctx.t('admin.users.active'), 'ok'));
  if (a.mustChangePassword) out.push(badge(ctx.t('admin.users.mustChange'), 'warn'));
  out.push(a.totpEnabled ? badge(ctx.t('admin.users.totpOn'), 'info') : badge(ctx.t('admin.users.totpOff'), TOTP_ROLES.has(a.role) ? 'warn' : 'muted'));
  return out;
}

function editDialog(ctx: ScreenContext, areas: readonly AreaInfo[], a: Account, own: boolean, done: () => Promise<void>): void {
  const name = field(ctx.t('admin.users.displayName'), input({ name: 'displayName', value: a.displayName, maxlength: 120 }), { required: true });
  const agency = field(ctx.t('admin.users.agency'), input({ name: 'agency', value: a.agency, maxlength: 200 }));
  const role = field(ctx.t('admin.users.role'), roleSelect(ctx, a.role), own ? { hint: ctx.t('admin.users.ownLimits') } : {});
  const area = field(ctx.t('admin.users.area'), areaSelect(areas, a.areaCode, { name: 'areaCode' }));
  role.control.disabled = own;
  area.control.disabled = own;
  openDialog({
    title: ctx.t('admin.users.editTitle', { username: a.username }),
    body: h('div', { class: 'stack' }, name.root, agency.root, role.root, area.root),
    actions: [
      { label: ctx.t('core.cancel') },
      {
        label: ctx.t('core.save'), variant: 'primary',
        onClick: async () => {
          const change: Record<string, string> = {};
          if (name.control.value.trim() !== a.displayName) change.displayName = name.control.value;
          if (agency.control.value.trim() !== a.agency) change.agency = agency.control.value;
          if (!own && role.control.value !== a.role) change.role = role.control.value;
          if (!own && area.control.value !== a.areaCode) change.areaCode = area.control.value;
          if (Object.keys(change).length === 0) return true;
          try {
            await ctx.api('PATCH', `/api/accounts/${encodeURIComponent(a.id)}`, change);
          } catch (error) {
            (isApiError(error, 'HUB_ERR_AREA_SCOPE') || isApiError(error, 'HUB_ERR_AREA_UNKNOWN') ? area : name).setError(error instanceof Error ? error.message : String(error));
            return false;
          }
          toast(ctx.t('admin.users.saved', { username: a.username }), 'success');
          await done();
          return true;
        },
      },
    ],
  });
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = textOf(ctx);
  const areas = await loadAreas(apiOf(ctx));
  const list = h('div', { class: 'users-list' });

  async function refresh(): Promise<void> {
    try {
      const { accounts } = await ctx.api<{ accounts: Account[] }>('GET', '/api/accounts');
      if (!ctx.signal.aborted) mount(list, usersTable(accounts));
    } catch (error) {
      mount(list, errorBox(error));
    }
  }

  function usersTable(accounts: readonly Account[]): HTMLElement {
    return table(
      [
        { key: 'username', label: t('admin.users.username'), render: (a) => h('code', null, a.username) },
        { key: 'name', label: t('admin.users.displayName'), render: (a) => [a.displayName, a.agency === '' ? null : [h('br'), h('span', { class: 'muted small' }, a.agency)]] },
        { key: 'role', label: t('admin.users.role'), render: (a) => t(`core.role.${a.role}`) },
        { key: 'area', label: t('admin.users.area'), render: (a) => areaName(areas, a.areaCode) },
        { key: 'status', label: t('admin.users.status'), render: (a) => h('span', { class: 'btn-row' }, statusBadges(ctx, a)) },
        { key: 'actions', label: t('admin.users.actions'), render: (a) => actions(a) },
      ],
      accounts,
      { rowKey: (a) => a.username, empty: t('admin.users.none') },
    );
  }

  function actions(a: Account): HTMLElement {
    const own = ctx.session.accountId === a.id;
    const path = `/api/accounts/${encodeURIComponent(a.id)}`;
    const ask = (title: string, message: string, danger = false) => confirmDialog({ title, message, danger, confirmLabel: title });
    return h(
      'div',
      { class: 'btn-row' },
      button(t('admin.users.edit'), () => editDialog(ctx, areas, a, own, refresh), { variant: 'link' }),
      button(t('admin.users.resetPassword'), async () => {
        if (!(await ask(t('admin.users.resetPassword'), t('admin.users.resetPasswordConfirm', { username: a.username })))) return;
        const r = await ctx.api<{ account: Account; temporaryPassword: string }>('POST', `${path}/password-reset`);
        showTemporaryPassword(ctx, r.account, r.temporaryPassword, t('admin.users.resetDone'));
        await refresh();
      }, { variant: 'link' }),
      a.totpEnabled
        ? button(t('admin.users.resetTotp'), async () => {
            if (!(await ask(t('admin.users.resetTotp'), t('admin.users.resetTotpConfirm', { username: a.username })))) return;
            await ctx.api('DELETE', `${path}/totp`);
            toast(t('admin.users.resetTotpDone', { username: a.username }), 'success');
            await refresh();
          }, { variant: 'link' })
        : null,
      own
        ? null
        : button(a.disabled ? t('admin.users.enable') : t('admin.users.disable'), async () => {
            const title = a.disabled ? t('admin.users.enable') : t('admin.users.disable');
            if (!(await ask(title, t(a.disabled ? 'admin.users.enableConfirm' : 'admin.users.disableConfirm', { username: a.username }), !a.disabled))) return;
            await ctx.api('PATCH', path, { disabled: !a.disabled });
            toast(t(a.disabled ? 'admin.users.enabled' : 'admin.users.disabledDone', { username: a.username }), 'success');
            await refresh();
          }, { variant: a.disabled ? 'link' : 'danger' }),
    );
  }

  const username = field(t('admin.users.username'), input({ name: 'username', autocomplete: 'off', maxlength: 32, spellcheck: 'false' }), { required: true, hint: t('admin.users.usernameHint') });
  const displayName = field(t('admin.users.displayName'), input({ name: 'displayName', maxlength: 120 }), { required: true });
  const agency = field(t('admin.users.agency'), input({ name: 'agency', maxlength: 200 }), { hint: t('admin.users.agencyHint') });
  const role = field(t('admin.users.role'), roleSelect(ctx, 'commune_officer'));
  const area = field(t('admin.users.area'), areaSelect(areas, homeArea(ctx, areas), { name: 'areaCode' }));
  const message = h('p', { class: 'form-message form-message-error', role: 'alert', hidden: true });
  const create = form(async (el) => {
    for (const f of [username, displayName, area]) f.setError(null);
    message.hidden = true;
    if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username.control.value.trim().toLowerCase())) return username.setError(t('admin.users.usernameHint'));
    if (displayName.control.value.trim() === '') return displayName.setError(t('admin.users.nameRequired'));
    try {
      const r = await ctx.api<{ account: Account; temporaryPassword?: string }>('POST', '/api/accounts', {
        username: username.control.value.trim().toLowerCase(), displayName: displayName.control.value, agency: agency.control.value,
        role: role.control.value, areaCode: area.control.value,
      });
      el.reset();
      area.control.value = homeArea(ctx, areas) ?? '';
      await refresh();
      if (r.temporaryPassword !== undefined) showTemporaryPassword(ctx, r.account, r.temporaryPassword, t('admin.users.created'));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (isApiError(error, 'HUB_ERR_ACCOUNT_EXISTS') || isApiError(error, 'HUB_ERR_VALIDATION')) username.setError(text);
      else if (isApiError(error, 'HUB_ERR_AREA_SCOPE') || isApiError(error, 'HUB_ERR_AREA_UNKNOWN')) area.setError(text);
      else {
        message.textContent = `${text}${isApiError(error) ? ` (${error.code})` : ''}`;
        message.hidden = false;
      }
    }
  }, { class: 'stack create-user', 'aria-label': t('admin.users.create') },
  h('div', { class: 'grid' }, username.root, displayName.root, agency.root, role.root, area.root),
  message,
  h('div', { class: 'btn-row' }, button(t('admin.users.createButton'), undefined, { variant: 'primary', type: 'submit' })));

  await refresh();
  return page(t('admin.users.title'), card(t('admin.users.create'), [h('p', { class: 'muted small' }, t('admin.users.createHelp')), create]), card(t('admin.users.list'), list));
}

export const usersScreen: Screen = {
  id: 'admin.users',
  path: '/admin/users',
  nav: { labelKey: 'admin.nav.users', order: 70 },
  permission: 'account.manage',
  render,
};
