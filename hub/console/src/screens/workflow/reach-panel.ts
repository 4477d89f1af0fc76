// The live count of an alert's devices (issue 9: "a live count of devices reached and playing"): from the hub's
// reach query (hub/src/workflow/bulletin-reach.ts) — devices in the target areas, online, playing it now by their
// heartbeat, and what each logged. Refreshed on every live event from the devices and every few seconds, so a missed
// event costs at most one interval.
import { h, mount } from '../../core/dom.js';
import { formatTime } from '../../core/format.js';
import type { ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { badge } from '../../core/view.js';
import type { Reach } from './wf-types.js';
import { tr } from './wf-labels.js';

const POLL_MS = 2000;
const LISTED = 50;

export function reachPanel(ctx: ScreenContext, bulletinId: string, areaName: (c: string) => string): HTMLElement {
  const t = tr(ctx);
  const counts = h('div', { class: 'wf-counts', 'aria-live': 'polite' });
  const list = h('div');
  const root = h('section', { class: 'wf-stack wf-reach', dataset: { bulletin: bulletinId } }, h('h3', null, t('workflow.reach.heading')), counts, list);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;

  const count = (key: string, n: number, total?: number): HTMLElement =>
    h('div', { class: 'wf-count', dataset: { count: key } }, h('strong', null, total === undefined ? String(n) : `${n}/${total}`), t(`workflow.reach.${key}`));

  const load = async (): Promise<void> => {
    if (inFlight || ctx.signal.aborted) return;
    inFlight = true;
    try {
      const r = await ctx.api<Reach>('GET', `/api/bulletins/${bulletinId}/reach`);
      mount(counts, count('reached', r.reached, r.total), count('playing', r.playing), count('online', r.online, r.total), count('played', r.played), count('stopped', r.stopped), count('failed', r.failed));
      mount(list, table([
        { key: 'name', label: t('workflow.reach.device'), render: (d) => d.name },
        { key: 'area', label: t('workflow.reach.area'), render: (d) => areaName(d.areaCode) },
        { key: 'state', label: t('workflow.reach.state'), render: (d) => d.playing ? badge(t('workflow.reach.playingNow'), 'ok') : d.lastEvent !== undefined ? badge(t(`workflow.event.${d.lastEvent}`), d.lastEvent === 'played' ? 'ok' : 'warn') : badge(d.online ? t('workflow.reach.waiting') : t('workflow.reach.offline'), d.online ? 'info' : 'muted') },
        { key: 'at', label: t('workflow.reach.at'), render: (d) => (d.lastEventAt === undefined ? '' : formatTime(d.lastEventAt)) },
      ], r.devices.slice(0, LISTED), { rowKey: (d) => d.id, caption: t('workflow.reach.caption', { n: Math.min(LISTED, r.devices.length), total: r.total }) }));
      root.dataset.reached = String(r.reached);
      root.dataset.playing = String(r.playing);
    } catch {
      // The next tick tries again; the counts on screen stay until then.
    } finally {
      inFlight = false;
    }
  };

  const tick = (): void => {
    timer = setTimeout(() => {
      void load().finally(tick);
    }, POLL_MS);
  };
  ctx.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  for (const type of ['device.status', 'device.heartbeat', 'playback.log', 'live.resync']) ctx.onLive(type, () => void load());
  void load().finally(tick);
  return root;
}
