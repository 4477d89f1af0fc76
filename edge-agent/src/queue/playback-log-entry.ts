// The playback-log entries the executor writes (nhật ký phát). Details are read by officials, so they are Vietnamese.
import type { AgentErrorCode } from '../errors.js';
import type { NewPlaybackLog } from '../journal/new-playback-log.js';
import type { QueueItem } from './queue-item.js';

export interface LogExtra {
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly playedMs?: number;
  readonly detail?: string | undefined;
}

export const DETAIL = {
  played: (n: number, of: number) => `Lần ${n}/${of}`,
  restart: 'Bị ngắt bởi bản tin khẩn cấp; sẽ phát lại từ đầu',
  resume: 'Bị ngắt bởi bản tin khẩn cấp; sẽ phát tiếp',
  drop: 'Bị ngắt bởi bản tin khẩn cấp; không phát lại',
  superseded: 'Được thay bằng bản sửa đổi mới hơn',
  stopped: 'Dừng theo lệnh STOP',
  skipped: 'Bỏ qua theo lệnh của người vận hành',
  missed: 'Quá giờ bắt đầu muộn nhất',
  unknownAbort: 'Bị ngắt ngoài ý muốn',
} as const;

/**
 * The entry for one event, or null for an attention tone's ordinary events: the tone is part of its emergency's
 * broadcast, so each slot keeps one entry (the hub checks "played once per slot, or missed with a reason").
 */
export function playbackLogEntry(
  at: number,
  item: QueueItem,
  event: NewPlaybackLog['event'],
  reason: AgentErrorCode | undefined,
  extra: LogExtra,
): NewPlaybackLog | null {
  if (item.kind === 'attentionTone' && event !== 'fault') return null;
  const entry: NewPlaybackLog = {
    at,
    event,
    bulletinId: item.bulletinId,
    revision: item.revision,
    priority: item.priority,
    mode: item.mode,
    slotAt: item.slotAt,
  };
  if (reason !== undefined) entry.reason = reason;
  if (extra.startedAt !== undefined) entry.startedAt = extra.startedAt;
  if (extra.endedAt !== undefined) entry.endedAt = extra.endedAt;
  if (extra.playedMs !== undefined) entry.playedMs = extra.playedMs;
  if (extra.detail !== undefined) entry.detail = extra.detail;
  return entry;
}
