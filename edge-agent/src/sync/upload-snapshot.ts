// POST the LED board's "now showing" PNG to the hub (issue 5), with the device's own credentials. The hub keeps the
// latest per device; officials see it on the device's page.
import { HTTP_PATHS } from '@tinnguon/protocol';
import type { FetchLike, HttpResponse } from '../cache/download-media.js';
import { AgentError } from '../errors.js';

export interface SnapshotUpload {
  readonly hubUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  /** Default 15 s: a snapshot is a few KB; a hub that does not answer must not hold the command forever. */
  readonly timeoutMs?: number;
}

/** Resolves when the hub has stored the picture. Rejects AGENT_ERR_SNAPSHOT_UPLOAD with the hub's status. */
export async function uploadSnapshot(request: SnapshotUpload, png: Buffer): Promise<void> {
  const url = new URL(HTTP_PATHS.snapshot, request.hubUrl).toString();
  let response: HttpResponse;
  try {
    response = await request.fetch(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-type': 'image/png' },
      body: png,
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw new AgentError('AGENT_ERR_SNAPSHOT_UPLOAD', `POST ${url}: ${(err as Error).message}`, { cause: err });
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) throw new AgentError('AGENT_ERR_SNAPSHOT_UPLOAD', `POST ${url}: HTTP ${response.status} ${answer.slice(0, 200)}`);
}
