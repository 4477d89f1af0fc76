// The life-cycle buttons for one bulletin: only those its state allows (the hub's `actions`) and the account's role
// holds, each with the dialog its step needs — a reason to reject, recall or cancel; for publishing outside the
// operating windows, the explicit confirmation Điều 10 asks for, listing where and when it would not play.
import { isApiError } from '../../core/api.js';
import { h } from '../../core/dom.js';
import { openDialog, confirmDialog } from '../../core/dialog.js';
import { button, field, textarea } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { toast } from '../../core/toast.js';
import { explainError, problemList, tr } from './wf-labels.js';
import type { ApprovalProgress, BulletinView, Dispatch } from './wf-types.js';

/** Asks for a reason; resolves undefined when the dialog is cancelled. */
export function askReason(ctx: ScreenContext, title: string, confirm: string, danger = false): Promise<string | undefined> {
  const t = tr(ctx);
  return new Promise((resolve) => {
    let answer: string | undefined;
    const text = textarea({ name: 'reason', rows: 3, maxlength: 300 });
    const f = field(t('workflow.action.reason'), text, { required: true });
    openDialog({
      title, danger, body: f.root,
      actions: [
        { label: t('workflow.action.cancel') },
        {
          label: confirm, variant: danger ? 'danger' : 'primary',
          onClick: () => {
            if (text.value.trim() === '') {
              f.setError(t('workflow.problem.reasonEmpty'));
              return false;
            }
            answer = text.value.trim();
            return true;
          },
        },
      ],
      onClose: () => resolve(answer),
    });
  });
}

export interface ActionDeps {
  readonly areaName: (code: string) => string;
  /** After any step: reload what the screen shows. */
  readonly done: () => void | Promise<void>;
  /** False when the area's policy would refuse this account's approval (approval-queue-model.ts turnOf). */
  readonly canApprove?: boolean;
}

export function may(ctx: ScreenContext, permission: string): boolean {
  return ctx.session.permissions.includes(permission);
}

/** Publishes; on a Điều 10 refusal shows where and when, and publishes again only on explicit confirmation. */
export async function publishWithConfirmation(ctx: ScreenContext, b: BulletinView, areaName: (c: string) => string): Promise<Dispatch | undefined> {
  const t = tr(ctx);
  try {
    return (await ctx.api<{ dispatch: Dispatch }>('POST', `/api/bulletins/${b.id}/publish`)).dispatch;
  } catch (error) {
    if (!isApiError(error, 'HUB_ERR_OUTSIDE_WINDOW')) throw error;
    const ok = await confirmDialog({
      title: t('workflow.publish.outsideTitle'),
      message: h('div', null, problemList(explainError(t, error, areaName)), h('p', null, t('workflow.publish.outsideQuestion'))),
      confirmLabel: t('workflow.publish.outsideConfirm'),
      danger: true,
    });
    if (!ok) return undefined;
    return (await ctx.api<{ dispatch: Dispatch }>('POST', `/api/bulletins/${b.id}/publish?confirmOutsideWindow=true`)).dispatch;
  }
}

export function actionBar(ctx: ScreenContext, b: BulletinView, deps: ActionDeps): HTMLElement {
  const t = tr(ctx);
  const p = b.priority;
  const out = h('div', { class: 'wf-row wf-actions', role: 'group', 'aria-label': t('workflow.action.group') });
  const problems = h('div', { 'aria-live': 'assertive' });
  const run = async (step: () => Promise<void>): Promise<void> => {
    problems.replaceChildren();
    try {
      await step();
      await deps.done();
    } catch (error) {
      problems.replaceChildren(problemList(explainError(t, error, deps.areaName)));
    }
  };

  if (b.actions.includes('edit') && may(ctx, `bulletin.draft.${p}`)) out.append(button(t('workflow.action.edit'), () => ctx.navigate(`/bulletins/${b.id}/edit`)));
  if (b.actions.includes('submit') && may(ctx, `bulletin.submit.${p}`)) {
    out.append(button(t('workflow.action.submit'), () => run(async () => {
      await ctx.api('POST', `/api/bulletins/${b.id}/submit`);
      toast(t('workflow.action.submitted'), 'success');
    }), { variant: 'primary' }));
  }
  const approver = deps.canApprove !== false && may(ctx, `bulletin.approve.${p}`);
  if (b.actions.includes('approve') && approver) {
    out.append(button(t('workflow.action.approve'), () => run(async () => {
      const r = await ctx.api<{ approval: ApprovalProgress }>('POST', `/api/bulletins/${b.id}/approve`);
      toast(r.approval.complete ? t('workflow.action.approved') : t('workflow.action.voteCounted', { have: r.approval.have, need: r.approval.need }), 'success');
    }), { variant: 'primary' }));
  }
  if (b.actions.includes('reject') && approver) {
    out.append(button(t('workflow.action.reject'), () => run(async () => {
      const reason = await askReason(ctx, t('workflow.action.rejectTitle'), t('workflow.action.reject'));
      if (reason === undefined) return;
      await ctx.api('POST', `/api/bulletins/${b.id}/reject`, { reason });
      toast(t('workflow.action.rejected'), 'success');
    })));
  }
  if (b.actions.includes('publish') && may(ctx, `bulletin.publish.${p}`)) {
    out.append(button(p === 'emergency' ? t('workflow.emergency.send') : t('workflow.action.publish'), () => run(async () => {
      const dispatch = await publishWithConfirmation(ctx, b, deps.areaName);
      if (dispatch === undefined) return;
      // An emergency is out before the manifests are re-signed (issue 8), so there is no count yet.
      if (dispatch.doorbells === undefined) toast(t('workflow.action.publishedEmergency'), 'success');
      else toast(t('workflow.action.published', { n: dispatch.doorbells }), 'success');
    }), { variant: p === 'emergency' ? 'danger' : 'primary' }));
  }
  if (b.actions.includes('recall') && may(ctx, 'bulletin.recall')) {
    out.append(button(t('workflow.action.recall'), () => run(async () => {
      const reason = await askReason(ctx, t('workflow.action.recallTitle'), t('workflow.action.recall'), true);
      if (reason === undefined) return;
      await ctx.api('POST', `/api/bulletins/${b.id}/recall`, { reason });
      toast(t('workflow.action.recalled'), 'success');
    }), { variant: 'danger' }));
    out.append(button(t('workflow.action.cancelCorrect'), () => run(async () => {
      const reason = await askReason(ctx, t('workflow.action.cancelTitle'), t('workflow.action.cancelCorrect'), true);
      if (reason === undefined) return;
      const r = await ctx.api<{ correction?: BulletinView }>('POST', `/api/bulletins/${b.id}/cancel`, { reason });
      toast(t('workflow.action.recalled'), 'success');
      // The correction is drafted already (approval-routes.ts): open it to review and send.
      if (r.correction !== undefined) ctx.navigate(`/bulletins/${r.correction.id}`);
    }), { variant: 'danger' }));
  }
  return h('div', null, out, problems);
}
