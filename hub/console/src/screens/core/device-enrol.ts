// Thêm thiết bị: a technician registers a loudspeaker cluster or LED board in an area of their own and receives the
// one-time enrolment code (shown once; the hub keeps only its hash) as text and as a QR code of the exact command to
// run on the device, so nothing has to be typed on a Raspberry Pi in a commune hall.
import { areaForest, flattenForest, loadAreas } from '../../core/areas.js';
import { h, mount } from '../../core/dom.js';
import { button, field, form, input, select } from '../../core/form.js';
import { qrSvg } from '../../core/qr-svg.js';
import type { Screen, ScreenContext } from '../../core/screen.js';
import { card, page } from '../../core/view.js';
import { isApiError, describeError } from '../../core/api.js';
import { kindLabel } from './labels.js';

interface Created {
  readonly device: { readonly id: string; readonly name: string };
  readonly enrolmentCode: string;
  readonly hubUrl: string;
}

/** What the QR code holds: the agent's own enrol command (edge-agent/src/cli.ts). */
export function enrolCommand(hubUrl: string, code: string): string {
  return `edge-agent enroll --hub ${hubUrl} --code ${code}`;
}

/** The code, its QR and how to use it; shown after creation and after a re-key. */
export function enrolmentBox(ctx: ScreenContext, deviceId: string, code: string, hubUrl: string): HTMLElement {
  const t = ctx.t.bind(ctx);
  const command = enrolCommand(hubUrl, code);
  return h(
    'div',
    { class: 'stack', dataset: { enrolment: deviceId } },
    h('p', null, t('devices.enrol.codeLead')),
    h('p', { class: 'enrol-code', dataset: { code } }, code),
    h('div', { class: 'qr-host' }, qrSvg(command, t('devices.enrol.qrLabel'), 240)),
    h('p', null, t('devices.enrol.commandLead')),
    h('p', null, h('code', { class: 'secret' }, command)),
    h('p', { class: 'muted small' }, t('devices.enrol.once')),
  );
}

async function render(ctx: ScreenContext): Promise<HTMLElement> {
  const t = ctx.t.bind(ctx);
  const areas = flattenForest(areaForest(await loadAreas(ctx)));
  const kind = field(t('devices.filter.kind'), select([{ value: 'loudspeaker', label: kindLabel(t, 'loudspeaker') }, { value: 'led', label: kindLabel(t, 'led') }], 'loudspeaker', { name: 'kind' }), { required: true });
  const area = field(t('devices.filter.area'), select(areas.map((n) => ({ value: n.area.code, label: `${'\u00a0\u00a0\u00a0'.repeat(n.depth)}${n.area.name}` })), areas.at(-1)?.area.code, { name: 'areaCode' }), { required: true });
  const name = field(t('devices.enrol.name'), input({ name: 'name', maxlength: 200, placeholder: t('devices.enrol.namePlaceholder') }), { required: true });
  const location = field(t('devices.detail.location'), input({ name: 'location', maxlength: 300 }), { hint: t('devices.enrol.locationHint') });
  const latitude = field(t('devices.enrol.latitude'), input({ name: 'latitude', inputmode: 'decimal', placeholder: '12.0046' }));
  const longitude = field(t('devices.enrol.longitude'), input({ name: 'longitude', inputmode: 'decimal', placeholder: '107.6907' }));
  const result = h('div');
  const message = h('div', { class: 'form-message form-message-error', role: 'alert', hidden: true });

  const here = 'geolocation' in navigator && window.isSecureContext
    ? button(t('devices.enrol.here'), () => new Promise<void>((resolve) => {
      navigator.geolocation.getCurrentPosition((pos) => {
        latitude.control.value = pos.coords.latitude.toFixed(6);
        longitude.control.value = pos.coords.longitude.toFixed(6);
        resolve();
      }, () => resolve(), { enableHighAccuracy: true, timeout: 15_000 });
    }))
    : null;

  const coordinate = (f: typeof latitude, min: number, max: number): number | undefined | null => {
    const text = f.control.value.trim().replace(',', '.');
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) {
      f.setError(t('devices.enrol.coordinateInvalid', { min, max }));
      return null;
    }
    return n;
  };

  const submit = async () => {
    message.hidden = true;
    for (const f of [name, latitude, longitude]) f.setError(null);
    if (name.control.value.trim() === '') return name.setError(t('devices.enrol.nameRequired'));
    const lat = coordinate(latitude, -90, 90);
    const lon = coordinate(longitude, -180, 180);
    if (lat === null || lon === null) return;
    if ((lat === undefined) !== (lon === undefined)) return (lat === undefined ? latitude : longitude).setError(t('devices.enrol.coordinatePair'));
    try {
      const created = await ctx.api<Created>('POST', '/api/devices', {
        kind: kind.control.value, areaCode: area.control.value, name: name.control.value.trim(),
        ...(location.control.value.trim() === '' ? {} : { location: location.control.value.trim() }),
        ...(lat === undefined || lon === undefined ? {} : { latitude: lat, longitude: lon }),
      });
      mount(result, card(t('devices.enrol.created', { name: created.device.name }), h('div', { class: 'stack' },
        enrolmentBox(ctx, created.device.id, created.enrolmentCode, created.hubUrl),
        h('div', { class: 'btn-row' }, h('a', { class: 'btn btn-primary', href: `#/devices/${encodeURIComponent(created.device.id)}` }, t('devices.enrol.open')),
          button(t('devices.enrol.another'), () => { mount(result); name.control.value = ''; name.control.focus(); })))));
      result.querySelector<HTMLElement>('h2')?.setAttribute('tabindex', '-1');
      result.querySelector<HTMLElement>('h2')?.focus();
    } catch (error) {
      if (isApiError(error, 'HUB_ERR_VALIDATION')) name.setError(describeError(error));
      else {
        message.textContent = describeError(error);
        message.hidden = false;
      }
    }
  };

  return page(
    t('devices.enrol.title'),
    h('p', { class: 'muted' }, t('devices.enrol.lead')),
    card(null, form(submit, { class: 'stack' }, message, h('div', { class: 'filters' }, kind.root, area.root), name.root, location.root,
      h('div', { class: 'filters' }, latitude.root, longitude.root), here === null ? null : h('div', null, here),
      h('div', { class: 'btn-row' }, button(t('devices.enrol.submit'), undefined, { type: 'submit', variant: 'primary' }), h('a', { class: 'btn btn-secondary', href: '#/devices' }, t('core.cancel'))))),
    result,
  );
}

export const deviceEnrolScreen: Screen = {
  id: 'device-enrol',
  path: '/devices/new',
  permission: 'device.manage',
  render,
};
