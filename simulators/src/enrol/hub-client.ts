// The few hub routes a fleet needs as an official would call them, with the admin token: the area tree, and a new
// device with its one-time enrolment code. The code is then exchanged by the agent's own enrolment (enrolWithHub).
import { SimError } from '../errors.js';
import type { AreaInfo } from './fleet-plan.js';

export type HubFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface HubClientOptions {
  readonly hubUrl: string;
  readonly token: string;
  readonly fetch?: HubFetch;
  readonly timeoutMs?: number;
}

export interface NewDevice {
  readonly kind: 'loudspeaker' | 'led';
  readonly areaCode: string;
  readonly name: string;
}

export class HubClient {
  readonly #o: HubClientOptions;

  constructor(options: HubClientOptions) {
    this.#o = options;
  }

  async areas(): Promise<AreaInfo[]> {
    const body = await this.#call<{ areas?: unknown }>('GET', '/api/areas');
    if (!Array.isArray(body.areas)) throw new SimError('SIM_ERR_HUB_REFUSED', 'GET /api/areas: no area list in the answer');
    return (body.areas as Record<string, unknown>[])
      .filter((a) => typeof a.code === 'string')
      .map((a) => ({ code: String(a.code), name: typeof a.name === 'string' ? a.name : String(a.code), parentCode: typeof a.parentCode === 'string' ? a.parentCode : null }));
  }

  /** The one-time code is all a device needs; its id comes with the enrolment. */
  async createDevice(device: NewDevice): Promise<{ enrolmentCode: string }> {
    const body = await this.#call<{ enrolmentCode?: unknown }>('POST', '/api/devices', device);
    if (typeof body.enrolmentCode !== 'string') throw new SimError('SIM_ERR_HUB_REFUSED', `POST /api/devices: no enrolment code in the answer ${JSON.stringify(body).slice(0, 200)}`);
    return { enrolmentCode: body.enrolmentCode };
  }

  /** Whether the hub still knows this device as active (a reset hub, a revoked device: enrol a new one). */
  async deviceActive(deviceId: string): Promise<boolean> {
    try {
      const body = await this.#call<{ device?: { state?: unknown } }>('GET', `/api/devices/${encodeURIComponent(deviceId)}`);
      return body.device?.state === 'active';
    } catch (err) {
      if (err instanceof SimError && err.code === 'SIM_ERR_HUB_REFUSED' && /HTTP 404|HUB_ERR_DEVICE_UNKNOWN/.test(err.message)) return false;
      throw err;
    }
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const doFetch = this.#o.fetch ?? ((u: string, init: RequestInit) => fetch(u, init));
    const url = new URL(path, this.#o.hubUrl).toString();
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: { authorization: `Bearer ${this.#o.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new SimError('SIM_ERR_HUB_UNREACHABLE', `${method} ${url}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = typeof error?.code === 'string' ? error.code : '';
      const message = typeof error?.message === 'string' ? error.message.slice(0, 200) : text.slice(0, 200);
      throw new SimError('SIM_ERR_HUB_REFUSED', `${method} ${path}: HTTP ${response.status} ${code} ${message}`.trim());
    }
    if (typeof parsed !== 'object' || parsed === null) throw new SimError('SIM_ERR_HUB_REFUSED', `${method} ${path}: the answer is not JSON`);
    return parsed as T;
  }
}
