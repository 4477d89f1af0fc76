// Dates, times and quantities as officials read them. Times are stored in UTC (design.md §11) and shown in the area's
// time zone, Asia/Ho_Chi_Minh unless the area says otherwise — never the browser's own zone, which on a laptop set to
// UTC would shift every broadcast by seven hours. Pure: Intl only.

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

type Lang = 'vi' | 'en';

function locale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : 'vi-VN';
}

function parts(ms: number, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  for (const p of f.formatToParts(ms)) out[p.type] = p.value;
  return out;
}

/** 'YYYY-MM-DD' of the instant in the zone: what GET /api/areas/:code/programme?date= takes. */
export function localDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 'HH:MM' (24-hour, as broadcast schedules are written in Vietnam). */
export function formatTime(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** 'HH:MM:SS'. */
export function formatTimeSeconds(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** 'DD/MM/YYYY' — the Vietnamese order, in both languages (en-GB writes it the same way). */
export function formatDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const p = parts(ms, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** 'HH:MM DD/MM/YYYY'. */
export function formatDateTime(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  return `${formatTime(ms, timeZone)} ${formatDate(ms, timeZone)}`;
}

/** A long day heading: 'Thứ Hai, 03/03/2025' / 'Monday, 03/03/2025'. */
export function formatDay(ms: number, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  const weekday = new Intl.DateTimeFormat(locale(lang), { timeZone, weekday: 'long' }).format(ms);
  return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${formatDate(ms, timeZone)}`;
}

/** 'vừa xong', '5 phút trước', '3 giờ trước', then the date: how long since a device was last heard from. */
export function formatAgo(ms: number, now: number, lang: Lang, timeZone = DEFAULT_TIME_ZONE): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return lang === 'en' ? 'just now' : 'vừa xong';
  const m = Math.round(s / 60);
  if (m < 60) return lang === 'en' ? `${m} min ago` : `${m} phút trước`;
  const hours = Math.round(m / 60);
  if (hours < 24) return lang === 'en' ? `${hours} h ago` : `${hours} giờ trước`;
  return formatDateTime(ms, timeZone);
}

/** '1:05' / '1:02:05' for durations. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Grouped digits the local way: 12.345 (vi) / 12,345 (en). */
export function formatNumber(n: number, lang: Lang, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(n);
}

export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, lang, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Start of the local day (00:00 in the zone) containing `ms`, as epoch ms. */
export function startOfLocalDay(ms: number, timeZone = DEFAULT_TIME_ZONE): number {
  const p = parts(ms, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = asUtc - Math.floor(ms / 1000) * 1000;
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) - offset;
}
