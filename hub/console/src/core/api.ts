// The console's only way to the hub: same-origin fetch with the session cookie, the CSRF token in X-CSRF-Token on
// every change (hub/src/authz/request-forgery.ts), and every refusal turned into a ConsoleApiError carrying the hub's
// HUB_ERR_* code, so screens branch on codes and show the hub's own Vietnamese message.
import type { ConsoleApiError as ApiErrorShape, HttpMethod } from './screen.js';

/** The hub's error body (hub/src/app/error-handler.ts). */
interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly messageEn?: string; readonly details?: unknown };
}

export class ConsoleApiError extends Error implements ApiErrorShape {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.name = 'ConsoleApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: string): error is ConsoleApiError {
  return error instanceof ConsoleApiError && (code === undefined || error.code === code);
}

/** Codes after which the only way forward is to sign in again. */
export const SIGNED_OUT_CODES: ReadonlySet<string> = new Set(['HUB_ERR_UNAUTHENTICATED', 'HUB_ERR_SESSION_EXPIRED', 'HUB_ERR_ACCOUNT_DISABLED']);

interface ApiState {
  csrfToken: string | undefined;
  lang: 'vi' | 'en';
  onSignedOut: (error: ConsoleApiError) => void;
}

const state: ApiState = { csrfToken: undefined, lang: 'vi', onSignedOut: () => undefined };

/** The shell keeps these current: the token from sign-in or GET /api/session, the language, the sign-out reaction. */
export function configureApi(change: Partial<ApiState>): void {
  Object.assign(state, change);
}

function headersFor(method: HttpMethod | 'GET', contentType?: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (method !== 'GET' && state.csrfToken !== undefined) headers['x-csrf-token'] = state.csrfToken;
  return headers;
}

/** A ConsoleApiError from any non-2xx answer, in the user's language; a body that is not the hub's gets HTTP_<status>. */
export function errorFromBody(status: number, text: string, lang: 'vi' | 'en' = state.lang): ConsoleApiError {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // Not JSON: a proxy's page or a dropped connection. The status is all there is.
  }
  const e = body.error;
  const message = (lang === 'en' ? e?.messageEn : e?.message) ?? e?.message ?? `HTTP ${status}`;
  const error = new ConsoleApiError(e?.code ?? `HTTP_${status}`, status, message, e?.details);
  if (SIGNED_OUT_CODES.has(error.code)) state.onSignedOut(error);
  return error;
}

/** JSON in and out. Network failures become HUB_ERR_OFFLINE (status 0) so screens can say the hub is unreachable. */
export async function apiRequest<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, body === undefined ? undefined : 'application/json'),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ConsoleApiError('HUB_ERR_OFFLINE', 0, state.lang === 'en' ? 'The hub cannot be reached' : 'Không kết nối được tới máy chủ');
  }
  const text = await response.text();
  if (!response.ok) throw errorFromBody(response.status, text);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export interface UploadOptions {
  readonly contentType: string;
  readonly method?: 'POST' | 'PUT';
  /** 0..1 as bytes leave the browser (fetch cannot report upload progress, XHR can). */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
}

/** A binary or text body (audio, CSV) with upload progress; the answer is JSON like apiRequest's. */
export function apiUpload<T>(path: string, body: Blob | string, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', path);
    for (const [name, value] of Object.entries(headersFor(options.method ?? 'POST', options.contentType))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        options.onProgress?.(1);
        resolve((xhr.responseText === '' ? undefined : JSON.parse(xhr.responseText)) as T);
      } else {
        reject(errorFromBody(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ConsoleApiError('HUB_ERR_OFFLINE', 0, state.lang === 'en' ? 'The hub cannot be reached' : 'Không kết nối được tới máy chủ'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** The message a person sees for any failure: the hub's message with its code, or the error's own text. */
export function describeError(error: unknown): string {
  if (error instanceof ConsoleApiError) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
