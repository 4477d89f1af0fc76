// Reports as tables for export: the same rows the console shows, headed in the reader's language (Vietnamese by
// default). One sheet per table in an .xlsx; one table per .csv.
import type { AvailabilityReport } from './availability.js';
import { PLAYBACK_EVENTS, playedShare, type EventCounts } from './event-counts.js';
import type { PlaybackReport } from './playback-report.js';
import type { CellValue, Sheet, SheetColumn } from './xlsx/xlsx-workbook.js';

export type ReportLang = 'vi' | 'en';
export const PLAYBACK_TABLES = ['area', 'bulletin', 'device', 'day'] as const;
export type PlaybackTable = (typeof PLAYBACK_TABLES)[number];
export const AVAILABILITY_TABLES = ['area', 'device', 'day'] as const;
export type AvailabilityTable = (typeof AVAILABILITY_TABLES)[number];

type Words = Record<string, { vi: string; en: string }>;
const W = {
  byArea: { vi: 'Theo địa bàn', en: 'By area' },
  byBulletin: { vi: 'Theo bản tin', en: 'By bulletin' },
  byDevice: { vi: 'Theo thiết bị', en: 'By device' },
  byDay: { vi: 'Theo ngày', en: 'By day' },
  areaCode: { vi: 'Mã địa bàn', en: 'Area code' },
  areaName: { vi: 'Tên địa bàn', en: 'Area' },
  level: { vi: 'Cấp (0 = địa bàn báo cáo)', en: 'Level (0 = report area)' },
  devices: { vi: 'Số thiết bị', en: 'Devices' },
  bulletinId: { vi: 'Mã bản tin', en: 'Bulletin id' },
  title: { vi: 'Tiêu đề', en: 'Title' },
  priority: { vi: 'Mức ưu tiên', en: 'Priority' },
  mode: { vi: 'Chế độ', en: 'Mode' },
  devicesPlayed: { vi: 'Số thiết bị đã phát', en: 'Devices that played it' },
  deviceId: { vi: 'Mã thiết bị', en: 'Device id' },
  deviceName: { vi: 'Tên thiết bị', en: 'Device' },
  kind: { vi: 'Loại', en: 'Kind' },
  date: { vi: 'Ngày', en: 'Date' },
  played: { vi: 'Đã phát', en: 'Played' },
  missed: { vi: 'Bị lỡ', en: 'Missed' },
  interrupted: { vi: 'Bị ngắt', en: 'Interrupted' },
  stopped: { vi: 'Bị dừng', en: 'Stopped' },
  rejected: { vi: 'Bị từ chối', en: 'Rejected' },
  fault: { vi: 'Lỗi', en: 'Fault' },
  total: { vi: 'Tổng', en: 'Total' },
  playedMinutes: { vi: 'Thời lượng phát (phút)', en: 'Minutes played' },
  playedShare: { vi: 'Tỷ lệ phát', en: 'Share played' },
  onlineHours: { vi: 'Giờ trực tuyến', en: 'Hours online' },
  observedHours: { vi: 'Giờ theo dõi', en: 'Hours observed' },
  availability: { vi: 'Tỷ lệ trực tuyến', en: 'Availability' },
  outages: { vi: 'Số lần mất kết nối', en: 'Outages' },
  loudspeaker: { vi: 'Cụm loa', en: 'Loudspeaker' },
  led: { vi: 'Bảng tin điện tử', en: 'LED board' },
  noBulletin: { vi: '(không gắn bản tin)', en: '(no bulletin)' },
} satisfies Words;

function word(key: keyof typeof W, lang: ReportLang): string {
  return W[key][lang];
}

const HOUR_MS = 3600_000;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function countColumns(lang: ReportLang): SheetColumn[] {
  return [
    ...PLAYBACK_EVENTS.map((e) => ({ header: word(e, lang), format: 'integer' as const })),
    { header: word('total', lang), format: 'integer' },
    { header: word('playedMinutes', lang), format: 'integer' },
    { header: word('playedShare', lang), format: 'percent' },
  ];
}

function countCells(c: EventCounts): CellValue[] {
  return [...PLAYBACK_EVENTS.map((e) => c[e]), c.total, round(c.playedMs / 60_000, 1), playedShare(c)];
}

function kindName(kind: string, lang: ReportLang): string {
  return kind === 'loudspeaker' || kind === 'led' ? word(kind, lang) : kind;
}

export function playbackSheet(report: PlaybackReport, table: PlaybackTable, lang: ReportLang): Sheet {
  const counts = countColumns(lang);
  switch (table) {
    case 'area':
      return {
        name: word('byArea', lang),
        columns: [{ header: word('areaCode', lang) }, { header: word('areaName', lang), width: 30 }, { header: word('level', lang), format: 'integer' }, { header: word('devices', lang), format: 'integer' }, ...counts],
        rows: report.byArea.map((r) => [r.code, r.name, r.depth, r.devices, ...countCells(r.total)]),
      };
    case 'bulletin':
      return {
        name: word('byBulletin', lang),
        columns: [{ header: word('bulletinId', lang), width: 24 }, { header: word('title', lang), width: 40 }, { header: word('priority', lang) }, { header: word('mode', lang) }, { header: word('devicesPlayed', lang), format: 'integer' }, ...counts],
        rows: report.byBulletin.map((r) => [r.bulletinId ?? '', r.bulletinId === null ? word('noBulletin', lang) : r.title ?? '', r.priority ?? '', r.mode ?? '', r.devicesPlayed, ...countCells(r.counts)]),
      };
    case 'device':
      return {
        name: word('byDevice', lang),
        columns: [{ header: word('deviceId', lang), width: 24 }, { header: word('deviceName', lang), width: 30 }, { header: word('kind', lang) }, { header: word('areaCode', lang) }, { header: word('areaName', lang), width: 24 }, ...counts],
        rows: report.byDevice.map((r) => [r.deviceId, r.name, kindName(r.kind, lang), r.areaCode, r.areaName, ...countCells(r.counts)]),
      };
    case 'day':
      return {
        name: word('byDay', lang),
        columns: [{ header: word('date', lang), width: 12 }, ...counts],
        rows: report.byDay.map((r) => [r.date, ...countCells(r.counts)]),
      };
  }
}

function uptimeColumns(lang: ReportLang): SheetColumn[] {
  return [
    { header: word('onlineHours', lang) },
    { header: word('observedHours', lang) },
    { header: word('availability', lang), format: 'percent' },
  ];
}

function uptimeCells(u: { onlineMs: number; observedMs: number; share: number | null }): CellValue[] {
  return [round(u.onlineMs / HOUR_MS, 2), round(u.observedMs / HOUR_MS, 2), u.share];
}

export function availabilitySheet(report: AvailabilityReport, table: AvailabilityTable, lang: ReportLang): Sheet {
  switch (table) {
    case 'area':
      return {
        name: word('byArea', lang),
        columns: [{ header: word('areaCode', lang) }, { header: word('areaName', lang), width: 30 }, { header: word('level', lang), format: 'integer' }, ...uptimeColumns(lang)],
        rows: report.byArea.map((r) => [r.code, r.name, r.depth, ...uptimeCells({ ...r.total, share: r.share })]),
      };
    case 'device':
      return {
        name: word('byDevice', lang),
        columns: [{ header: word('deviceId', lang), width: 24 }, { header: word('deviceName', lang), width: 30 }, { header: word('kind', lang) }, { header: word('areaCode', lang) }, { header: word('areaName', lang), width: 24 }, ...uptimeColumns(lang), { header: word('outages', lang), format: 'integer' }],
        rows: report.byDevice.map((r) => [r.deviceId, r.name, kindName(r.kind, lang), r.areaCode, r.areaName, ...uptimeCells(r), r.outages]),
      };
    case 'day':
      return {
        name: word('byDay', lang),
        columns: [{ header: word('date', lang), width: 12 }, ...uptimeColumns(lang)],
        rows: report.byDay.map((r) => [r.date, ...uptimeCells(r)]),
      };
  }
}
