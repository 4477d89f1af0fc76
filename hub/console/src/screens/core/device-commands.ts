// Remote control of one device (domain.md: vendors offer volume, amplifier on/off, stop/next/pause/resume, reboot):
// every command goes out signed by the hub (POST /api/devices/:id/commands, design.md §6) and the panel shows what
// the device answered — from the live feed, or by asking again if the feed is down — or that it has not answered.
import { h, mount } from '../../core/dom.js';
import { confirmDialog } from '../../core/dialog.js';
import { formatTimeSeconds } from '../../core/format.js';
import { button, field, input } from '../../core/form.js';
import type { ScreenContext } from '../../core/screen.js';
import { table } from '../../core/table.js';
import { toast } from '../../core/toast.js';
import { badge, card } from '../../core/view.js';
import type { DeviceView } from './device-health.js';

export type Command =
  | { readonly action: 'volume'; readonly level: number }
  | { readonly action: 'amplifier'; readonly on: boolean }
  | { readonly action: 'playback'; readonly op: 'stop' | 'next' | 'pause' | 'resume' }
  | { readonly action: 'resync' }
  | { readonly action: 'reboot' }
  | { readonly action: 'snapshot' };

interface CommandRow {
  readonly id: string;
  readonly command: string;
  readonly issuedAt: number;
  readonly ok: number | null;
  readonly code: string | null;
  readonly detail: string | null;
  readonly resultAt: number | null;
}

/** How long to wait for an answer before saying the device has not replied (it may be offline). */
const ANSWER_WAIT_MS = 30_000;
const POLL_MS = 2000;

export function commandLabel(t: ScreenContext['t'], c: Command): string {
  switch (c.action) {
    case 'volume': return t('devices.cmd.volumeTo', { level: c.level });
    case 'amplifier': return c.on ? t('devices.cmd.ampOn') : t('devices.cmd.ampOff');
    case 'playback': return t(`devices.cmd.${c.op}`);
    default: return t(`devices.cmd.${c.action}`);
  }
}

function parseCommand(text: string): Command | undefined {
  try {
    return JSON.parse(text) as Command;
  } catch {
    return undefined;
  }
}

function resultBadge(t: ScreenContext['t'], row: Pick<CommandRow, 'ok' | 'code' | 'detail'>): HTMLElement {
  if (row.ok === null) return badge(t('devices.cmd.waiting'), 'muted');
  return row.ok === 1
    ? badge(t('devices.cmd.done'), 'ok')
    : h('span', null, badge(t('devices.cmd.failed'), 'danger'), ' ', [row.code, row.detail].filter(Boolean).join(': '));
}

/** The command panel and its history; `onResult` lets the page refresh what a command changes (the snapshot). */
export function commandPanel(ctx: ScreenContext, device: DeviceView, onResult: (command: Command, ok: boolean) => void): HTMLElement {
  const t = ctx.t.bind(ctx);
  const history = h('div', { dataset: { list: 'commands' } });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite', dataset: { commandStatus: '' } });
  const waiting = new Map<string, { command: Command; timer: ReturnType<typeof setTimeout> }>();

  const refresh = async () => {
    const { commands } = await ctx.api<{ commands: CommandRow[] }>('GET', `/api/devices/${encodeURIComponent(device.id)}/commands`);
    if (ctx.signal.aborted) return;
    mount(history, table<CommandRow>([
      { key: 'at', label: t('devices.cmd.col.at'), render: (r) => formatTimeSeconds(r.issuedAt) },
      { key: 'command', label: t('devices.cmd.col.command'), render: (r) => { const c = parseCommand(r.command); return c === undefined ? r.command : commandLabel(t, c); } },
      { key: 'result', label: t('devices.cmd.col.result'), render: (r) => resultBadge(t, r) },
    ], commands.slice(0, 10), { empty: t('devices.cmd.none'), rowKey: (r) => r.id }));
    for (const row of commands) if (row.ok !== null && waiting.has(row.id)) settle(row.id, row.ok === 1, row.code, row.detail);
  };

  const settle = (commandId: string, ok: boolean, code: string | null, detail: string | null) => {
    const w = waiting.get(commandId);
    if (w === undefined) return;
    clearTimeout(w.timer);
    waiting.delete(commandId);
    const label = commandLabel(t, w.command);
    status.textContent = ok ? t('devices.cmd.resultOk', { command: label }) : t('devices.cmd.resultFailed', { command: label, reason: [code, detail].filter(Boolean).join(': ') });
    toast(status.textContent, ok ? 'success' : 'error');
    onResult(w.command, ok);
    void refresh();
  };

  const send = async (command: Command) => {
    const { commandId } = await ctx.api<{ commandId: string }>('POST', `/api/devices/${encodeURIComponent(device.id)}/commands`, command);
    status.textContent = t('devices.cmd.sent', { command: commandLabel(t, command) });
    const poll = () => {
      if (ctx.signal.aborted || !waiting.has(commandId)) return;
      void refresh().finally(() => {
        if (waiting.has(commandId)) setTimeout(poll, POLL_MS);
      });
    };
    waiting.set(commandId, {
      command,
      timer: setTimeout(() => {
        waiting.delete(commandId);
        status.textContent = t('devices.cmd.noAnswer', { command: commandLabel(t, command) });
        void refresh();
      }, ANSWER_WAIT_MS),
    });
    await refresh();
    setTimeout(poll, POLL_MS);
  };

  ctx.onLive('command.result', (e) => {
    if (e.deviceId === device.id && typeof e.commandId === 'string') settle(e.commandId, e.ok === true, (e.code as string | null) ?? null, (e.detail as string | null) ?? null);
  });
  ctx.signal.addEventListener('abort', () => {
    for (const w of waiting.values()) clearTimeout(w.timer);
    waiting.clear();
  });

  const level = input({ type: 'number', min: 0, max: 100, step: 5, name: 'volume', value: String(device.heartbeat?.volume ?? 80), inputmode: 'numeric' });
  const volume = field(t('devices.cmd.volume'), level, { hint: t('devices.cmd.volumeHint') });
  const setVolume = button(t('devices.cmd.setVolume'), async () => {
    const n = Number(level.value);
    if (!Number.isInteger(n) || n < 0 || n > 100) return volume.setError(t('devices.cmd.volumeInvalid'));
    volume.setError(null);
    await send({ action: 'volume', level: n });
  }, { variant: 'primary' });
  const isSpeaker = device.kind === 'loudspeaker';
  const controls = h(
    'div',
    { class: 'command-grid' },
    isSpeaker ? h('div', { class: 'stack' }, volume.root, setVolume) : null,
    isSpeaker ? h('div', { class: 'stack' }, h('h3', null, t('devices.cmd.amplifier')), h('div', { class: 'btn-row' },
      button(t('devices.cmd.ampOn'), () => send({ action: 'amplifier', on: true })), button(t('devices.cmd.ampOff'), () => send({ action: 'amplifier', on: false })))) : null,
    h('div', { class: 'stack' }, h('h3', null, t('devices.cmd.playback')), h('div', { class: 'btn-row' },
      (['stop', 'pause', 'resume', 'next'] as const).map((op) => button(t(`devices.cmd.${op}`), () => send({ action: 'playback', op }))))),
    h('div', { class: 'stack' }, h('h3', null, t('devices.cmd.maintenance')), h('div', { class: 'btn-row' },
      button(t('devices.cmd.resync'), () => send({ action: 'resync' })),
      device.kind === 'led' ? button(t('devices.cmd.snapshot'), () => send({ action: 'snapshot' })) : null,
      button(t('devices.cmd.reboot'), async () => {
        const sure = await confirmDialog({ title: t('devices.cmd.rebootTitle'), message: t('devices.cmd.rebootConfirm', { name: device.name }), confirmLabel: t('devices.cmd.reboot'), danger: true });
        if (sure) await send({ action: 'reboot' });
      }, { variant: 'danger' }))),
  );
  void refresh().catch(() => undefined);
  return card(t('devices.cmd.title'), h('div', { class: 'stack' }, device.online ? null : h('p', { class: 'form-message form-message-info' }, t('devices.cmd.offlineNote')), controls, status, h('h3', null, t('devices.cmd.history')), history));
}
