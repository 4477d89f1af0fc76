// Enrolment (issue 5): a technician runs `edge-agent enroll --hub URL --code CODE` once; the one-time code buys the
// device its credentials, the hub's trusted keys and its area chain. The answer is validated before anything is kept.
import { EnrolmentRequest, EnrolmentResponse, HTTP_PATHS, parseJsonBytes, validate } from '@tinnguon/protocol';
import { AgentError } from '../errors.js';

export interface EnrolOptions {
  readonly hubUrl: string;
  readonly code: string;
  readonly agentVersion?: string;
  readonly hardware?: string;
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  readonly timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Checks what the technician typed before anything goes on the wire. Throws AGENT_ERR_USAGE. */
export function checkEnrolInput(hubUrl: string, code: string): { url: URL; code: string } {
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch {
    throw new AgentError('AGENT_ERR_USAGE', `--hub must be an http(s) URL, got ${JSON.stringify(hubUrl)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AgentError('AGENT_ERR_USAGE', `--hub must be an http(s) URL, got ${hubUrl}`);
  const normalised = code.trim().toUpperCase();
  if (!validate(EnrolmentRequest, { code: normalised }).ok) {
    throw new AgentError('AGENT_ERR_USAGE', `--code must look like ABCD-EFGH-JKLM (letters and digits), got ${JSON.stringify(code)}`);
  }
  return { url, code: normalised };
}

/** Exchanges the code for an enrolment. Rejects AGENT_ERR_USAGE or AGENT_ERR_ENROLMENT_FAILED (with the hub's code). */
export async function enrolWithHub(options: EnrolOptions): Promise<EnrolmentResponse> {
  const { url, code } = checkEnrolInput(options.hubUrl, options.code);
  const doFetch = options.fetch ?? ((u, init) => fetch(u, init));
  const body: EnrolmentRequest = {
    code,
    ...(options.agentVersion === undefined ? {} : { agentVersion: options.agentVersion.slice(0, 32) }),
    ...(options.hardware === undefined ? {} : { hardware: options.hardware.slice(0, 120) }),
  };
  let response: Response;
  try {
    response = await doFetch(new URL(HTTP_PATHS.enrol, url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (err) {
    throw new AgentError('AGENT_ERR_ENROLMENT_FAILED', `cannot reach ${url.origin}: ${(err as Error).message}`, { cause: err });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const parsed = parseJsonBytes(bytes, MAX_RESPONSE_BYTES);
  if (!response.ok) {
    const error = parsed.ok ? (parsed.value as { error?: { code?: unknown; message?: unknown } }).error : undefined;
    const hubCode = typeof error?.code === 'string' ? error.code : `HTTP ${response.status}`;
    const message = typeof error?.message === 'string' ? `: ${error.message.slice(0, 200)}` : '';
    throw new AgentError('AGENT_ERR_ENROLMENT_FAILED', `${hubCode}${message}`);
  }
  const valid = parsed.ok ? validate(EnrolmentResponse, parsed.value) : parsed;
  if (!valid.ok) throw new AgentError('AGENT_ERR_ENROLMENT_FAILED', `the hub's answer is not an enrolment: ${valid.error.reason}`);
  return valid.value;
}
