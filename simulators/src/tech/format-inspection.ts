// Technician mode's status and log screens, from a DeviceInspection. Pure; Vietnamese first, English beside it.
import type { DeviceInspection } from '../fleet/worker-protocol.js';
import { explainProgramme, renderExplanation } from './explain-programme.js';

const yesNo = (b: boolean): string => (b ? 'có / yes' : 'không / no');
const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';

export function formatStatus(i: DeviceInspection): string[] {
  const s = i.status;
  const r = i.report;
  const faults = [i.link.dropped && 'drop', i.link.frozen && 'freeze', i.link.latencyMs > 0 && `latency ${i.link.latencyMs}ms`, i.diskFull && 'fill-disk'].filter(Boolean);
  const lines = [`Thiết bị / device ${r.deviceId} (${r.kind === 'led' ? 'bảng tin LED / LED board' : 'cụm loa / loudspeaker cluster'}), địa bàn / area ${r.area}`];
  if (s === null) return [...lines, 'Chưa chạy / not running (đang khởi động lại? / restarting?)'];
  lines.push(
    `Kết nối / connected: ${yesNo(s.connected)} · lần kết nối / connects ${r.connects} · lịch / manifest v${s.manifestVersion ?? '—'}`,
    `Đồng hồ / clock: tin cậy / trusted ${yesNo(s.clock.trusted)}, lệch máy chủ / hub offset ${s.clock.offsetMs ?? '—'} ms, lệch giả lập / simulated offset ${i.clockOffsetMs} ms`,
    `Âm lượng / volume ${s.volume} · khuếch đại / amplifier ${s.amplifier} · đang phát / playing ${s.playing === null ? '—' : `${s.playing.bulletinId} (${s.playing.priority}${s.playing.paused ? ', tạm dừng / paused' : ''})`} · chờ / queued ${s.queued}`,
    `Bộ nhớ đệm / cache: ${s.cache.files} tệp / files, ${Math.round(s.cache.bytes / 1024)} KiB, thiếu / missing ${s.cache.missing}`,
    `Nhật ký / journal: chờ gửi / pending ${s.pendingLogs}, seq tiếp / next ${s.journal.nextSeq}, đã xác nhận / acked ${s.uploads.entriesAcked}, gửi lại / retries ${s.uploads.retries}`,
    `Lỗi đang gây / active faults: ${faults.length === 0 ? '—' : faults.join(', ')} · lỗi ghi nhận / errors ${r.errors}${r.lastError === undefined ? '' : ` (${r.lastError})`}`,
  );
  return lines;
}

export function formatLogs(i: DeviceInspection): string[] {
  const line = (l: { seq: number; at: number; event: string; bulletinId?: string; reason?: string }): string =>
    `  #${l.seq} ${time(l.at)} ${l.event}${l.bulletinId === undefined ? '' : ` ${l.bulletinId}`}${l.reason === undefined ? '' : ` (${l.reason})`}`;
  return [
    'Đã gửi máy chủ / sent to the hub (mới nhất cuối / newest last):',
    ...(i.report.recentLogs.length === 0 ? ['  —'] : i.report.recentLogs.map(line)),
    'Chờ máy chủ xác nhận / waiting for the hub’s ack:',
    ...(i.pendingLogs.length === 0 ? ['  —'] : i.pendingLogs.map(line)),
    'Đã phát / played (khung hình đầu / first frame):',
    ...(i.report.plays.length === 0 ? ['  —'] : i.report.plays.map((p) => `  ${time(p.at)} ${p.bulletinId} (${p.priority}${p.attentionTone === true ? ', âm báo trước / attention tone' : ''})`)),
  ];
}

export function formatNow(i: DeviceInspection): string[] {
  if (i.manifest === null) return ['Chưa có lịch phát từ máy chủ / no manifest from the hub yet'];
  const lines = renderExplanation(explainProgramme(i.manifest, i.clockNow, i.status?.clock.trusted ?? false));
  const playing = i.status?.playing;
  if (playing !== null && playing !== undefined) lines.unshift(`Đang phát thực tế / actually playing: ${playing.bulletinId} (${playing.priority})`);
  return lines;
}
