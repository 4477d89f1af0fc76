// "What would this device play or show now, and next, and why?" for a technician on site (issue 7). Computed from
// the device's own signed manifest with the same buildProgramme the agent and the hub's calendar run, so the answer
// is the device's answer, not a guess. Pure; renderExplanation turns it into lines for the terminal.
import {
  buildProgramme, contentSuitsDevice, localClockOf, localDateLabel, programmeInputFromManifest, windowSpansBetween,
  type Bulletin, type Manifest, type ProgrammeSlot, type ProgrammeWarning,
} from '@tinnguon/protocol';

export interface ExplainedSlot {
  readonly bulletinId: string;
  readonly title: string;
  readonly priority: Bulletin['priority'];
  readonly mode: Bulletin['mode'];
  readonly startAt: number;
  readonly endAt: number;
  /** One play (loudspeaker) or one pass of the slides (LED). */
  readonly durationMs: number;
  readonly repeat: number;
  readonly why: { readonly vi: string; readonly en: string };
}

export interface ProgrammeExplanation {
  readonly now: number;
  readonly timeZone: string;
  readonly clockTrusted: boolean;
  /** The operating window we are in, or the next one (Điều 10). */
  readonly window: { readonly startAt: number; readonly endAt: number; readonly open: boolean } | undefined;
  readonly current: readonly ExplainedSlot[];
  readonly next: ExplainedSlot | undefined;
  /** Emergencies in force: they play at once whatever the window (Điều 8.1), through the urgent path. */
  readonly emergencies: readonly { readonly bulletinId: string; readonly title: string; readonly validUntil: number }[];
  /** Why some bulletins have no slot (outside the windows, does not fit, …). */
  readonly warnings: readonly ProgrammeWarning[];
}

const HORIZON_MS = 3 * 86_400_000;

function explain(slot: ProgrammeSlot, byId: ReadonlyMap<string, Bulletin>): ExplainedSlot {
  return {
    bulletinId: slot.bulletinId, title: byId.get(slot.bulletinId)?.title ?? slot.bulletinId, priority: slot.priority, mode: slot.mode,
    startAt: slot.startAt, endAt: slot.endAt, durationMs: slot.durationMs, repeat: slot.repeat, why: { vi: slot.reason.vi, en: slot.reason.en },
  };
}

export function explainProgramme(manifest: Manifest, now: number, clockTrusted: boolean): ProgrammeExplanation {
  const programme = buildProgramme(programmeInputFromManifest(manifest), now - 86_400_000, now + HORIZON_MS);
  const byId = new Map(manifest.bulletins.map((b) => [b.bulletinId, b]));
  const suits = (s: ProgrammeSlot): boolean => {
    const b = byId.get(s.bulletinId);
    return b !== undefined && contentSuitsDevice(b.content.kind, manifest.kind);
  };
  const slots = programme.slots.filter(suits);
  const span = windowSpansBetween(manifest.timeZone, manifest.windows, now, now + HORIZON_MS)[0];
  return {
    now,
    timeZone: manifest.timeZone,
    clockTrusted,
    window: span === undefined ? undefined : { startAt: span.startAt, endAt: span.endAt, open: span.startAt <= now },
    current: slots.filter((s) => s.startAt <= now && now < s.endAt).map((s) => explain(s, byId)),
    next: slots.filter((s) => s.startAt > now).sort((a, b) => a.startAt - b.startAt).map((s) => explain(s, byId))[0],
    emergencies: manifest.bulletins
      .filter((b) => b.priority === 'emergency' && !manifest.recalled.includes(b.bulletinId) && b.validFrom <= now && now < b.validUntil)
      .map((b) => ({ bulletinId: b.bulletinId, title: b.title, validUntil: b.validUntil })),
    warnings: programme.warnings,
  };
}

const PRIORITY_VI: Record<Bulletin['priority'], string> = { emergency: 'khẩn cấp', priority: 'ưu tiên', normal: 'thông thường' };

export function renderExplanation(e: ProgrammeExplanation): string[] {
  const at = (ms: number): string => `${localClockOf(ms, e.timeZone)} ${localDateLabel(ms, e.timeZone)}`;
  const slot = (s: ExplainedSlot): string =>
    `"${s.title}" (${PRIORITY_VI[s.priority]}${s.mode === 'live' ? '' : ', thử nghiệm / test'}) ${at(s.startAt)}, ${Math.round(s.durationMs / 1000)} s${s.repeat > 1 ? ` ×${s.repeat}` : ''}` +
    ` (đến / until ${localClockOf(s.endAt, e.timeZone)})\n      vì / because: ${s.why.vi} / ${s.why.en}`;
  const lines = [`Giờ thiết bị / device time: ${at(e.now)} (${e.timeZone})${e.clockTrusted ? '' : ' — ĐỒNG HỒ CHƯA TIN CẬY: chỉ phát khẩn cấp / CLOCK NOT TRUSTED: emergencies only'}`];
  if (e.window === undefined) lines.push('Khung giờ / window: không có trong 3 ngày tới / none in the next 3 days');
  else if (e.window.open) lines.push(`Đang trong khung giờ / inside the window ${localClockOf(e.window.startAt, e.timeZone)}–${localClockOf(e.window.endAt, e.timeZone)} (Điều 10)`);
  else lines.push(`Ngoài khung giờ; khung tiếp theo / outside the windows; next window ${at(e.window.startAt)}–${localClockOf(e.window.endAt, e.timeZone)} (Điều 10)`);
  for (const em of e.emergencies) lines.push(`  KHẨN CẤP / EMERGENCY "${em.title}" còn hiệu lực đến / valid until ${at(em.validUntil)}: phát ngay, ngắt mọi bản tin / plays at once, interrupts everything (Điều 8.1)`);
  if (e.current.length === 0) lines.push('Bây giờ / now: không có bản tin theo lịch / nothing scheduled');
  for (const s of e.current) lines.push(`Bây giờ / now: ${slot(s)}`);
  lines.push(e.next === undefined ? 'Tiếp theo / next: không có / nothing' : `Tiếp theo / next: ${slot(e.next)}`);
  for (const w of e.warnings) lines.push(`  không xếp lịch / not placed ${w.bulletinId}: ${w.vi} / ${w.en}`);
  return lines;
}
