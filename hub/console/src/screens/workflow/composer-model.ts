// The composer's form as plain data, and the pure translation to and from the hub's bulletin body. Local checks say
// what is missing in the official's words before anything is sent; the hub still decides (coded errors, Điều 10).
import type { AuthoredContent, AuthoredSlide, BulletinView, Mode, NewBulletin, Priority, Schedule } from './wf-types.js';
import { addDays, isClockTime, zonedEpoch, zonedParts } from './zoned-time.js';

export type Channel = 'loudspeaker' | 'led';
export type AudioSource = 'tts' | 'upload' | 'record';
export type ScheduleKind = 'now' | 'nextWindow' | 'once' | 'recurring';

export interface ComposerDraft {
  title: string;
  summary: string;
  priority: Priority;
  mode: Mode;
  targets: string[];
  channel: Channel;
  audioSource: AudioSource;
  ttsText: string;
  /** The uploaded or recorded MP3/WAV, by SHA-256. */
  audioSha256: string | null;
  slides: AuthoredSlide[];
  scheduleKind: ScheduleKind;
  onceDate: string;
  onceTime: string;
  weekdays: number[];
  /** 'HH:MM' separated by commas or spaces. */
  times: string;
  fromDate: string;
  toDate: string;
  repeat: number;
  validUntilDate: string;
  validUntilTime: string;
}

/** A problem found before sending: the field it belongs to and the message key (i18n/workflow.ts). */
export interface DraftProblem {
  readonly field: keyof ComposerDraft;
  readonly key: string;
}

const DAY_MS = 24 * 3600_000;

export function emptyDraft(now: number, timeZone: string, priority: Priority = 'priority'): ComposerDraft {
  const today = zonedParts(now, timeZone);
  const until = zonedParts(now + DAY_MS, timeZone);
  return {
    title: '', summary: '', priority, mode: 'live', targets: [], channel: 'loudspeaker', audioSource: 'tts', ttsText: '', audioSha256: null,
    slides: [{ type: 'text', text: '', durationMs: 10_000 }],
    scheduleKind: priority === 'emergency' ? 'now' : 'nextWindow',
    onceDate: today.date, onceTime: '17:00', weekdays: [1, 2, 3, 4, 5], times: '17:00', fromDate: today.date, toDate: addDays(today.date, 6),
    repeat: 1, validUntilDate: until.date, validUntilTime: until.time,
  };
}

/** Times as typed ('17:00, 5:30') → sorted unique 'HH:MM', or undefined if any is not a clock time. */
export function parseTimes(text: string): string[] | undefined {
  const raw = text.split(/[\s,;]+/).filter((s) => s !== '');
  const padded = raw.map((s) => (/^\d:\d\d$/.test(s) ? `0${s}` : s));
  if (padded.length === 0 || !padded.every(isClockTime)) return undefined;
  return [...new Set(padded)].sort();
}

/** Điều 8.1: only an emergency plays "now", and an emergency plays nothing else. */
export function scheduleKindsFor(priority: Priority): ScheduleKind[] {
  return priority === 'emergency' ? ['now'] : ['nextWindow', 'once', 'recurring'];
}

function contentOf(d: ComposerDraft, problems: DraftProblem[]): AuthoredContent | undefined {
  if (d.channel === 'loudspeaker') {
    if (d.audioSource === 'tts') {
      if (d.ttsText.trim() === '') problems.push({ field: 'ttsText', key: 'workflow.problem.ttsEmpty' });
      return { kind: 'tts', text: d.ttsText.trim() };
    }
    if (d.audioSha256 === null) {
      problems.push({ field: 'audioSha256', key: d.audioSource === 'record' ? 'workflow.problem.noRecording' : 'workflow.problem.noAudio' });
      return undefined;
    }
    return { kind: 'audio', mediaSha256: d.audioSha256 };
  }
  if (d.slides.length === 0) {
    problems.push({ field: 'slides', key: 'workflow.problem.noSlides' });
    return undefined;
  }
  for (const s of d.slides) {
    if (s.type !== 'image' && s.text.trim() === '') problems.push({ field: 'slides', key: 'workflow.problem.slideEmpty' });
    if (s.type === 'image' && s.mediaSha256 === '') problems.push({ field: 'slides', key: 'workflow.problem.slideNoImage' });
  }
  const [only] = d.slides;
  if (d.slides.length === 1 && only !== undefined) {
    if (only.type === 'image') return { kind: 'image', mediaSha256: only.mediaSha256, durationMs: only.durationMs };
    return { kind: 'ledText', slide: only };
  }
  return { kind: 'slides', slides: d.slides };
}

function scheduleOf(d: ComposerDraft, timeZone: string, now: number, problems: DraftProblem[]): Schedule {
  const kind = d.priority === 'emergency' ? 'now' : d.scheduleKind === 'now' ? 'nextWindow' : d.scheduleKind;
  if (kind === 'once') {
    const at = zonedEpoch(d.onceDate, d.onceTime, timeZone);
    if (at === undefined) problems.push({ field: 'onceTime', key: 'workflow.problem.onceInvalid' });
    else if (at < now) problems.push({ field: 'onceTime', key: 'workflow.problem.oncePast' });
    return { type: 'once', at: at ?? now };
  }
  if (kind === 'recurring') {
    const times = parseTimes(d.times);
    if (times === undefined) problems.push({ field: 'times', key: 'workflow.problem.timesInvalid' });
    if (d.weekdays.length === 0) problems.push({ field: 'weekdays', key: 'workflow.problem.noWeekdays' });
    if (d.toDate < d.fromDate) problems.push({ field: 'toDate', key: 'workflow.problem.dateRange' });
    return { type: 'recurring', weekdays: [...d.weekdays].sort(), times: times ?? [], fromDate: d.fromDate, toDate: d.toDate };
  }
  return kind === 'now' ? { type: 'now' } : { type: 'nextWindow' };
}

/** The body for POST /api/bulletins (or PATCH), or the problems to fix first. */
export function toNewBulletin(d: ComposerDraft, originArea: string, timeZone: string, now: number): { body?: NewBulletin; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  if (d.title.trim() === '') problems.push({ field: 'title', key: 'workflow.problem.titleEmpty' });
  if (d.targets.length === 0) problems.push({ field: 'targets', key: 'workflow.problem.noTargets' });
  const content = contentOf(d, problems);
  const schedule = scheduleOf(d, timeZone, now, problems);
  const validUntil = zonedEpoch(d.validUntilDate, d.validUntilTime, timeZone);
  if (validUntil === undefined) problems.push({ field: 'validUntilTime', key: 'workflow.problem.validityInvalid' });
  else if (validUntil <= now) problems.push({ field: 'validUntilTime', key: 'workflow.problem.validityPast' });
  const repeat = Math.min(50, Math.max(1, Math.round(d.repeat)));
  if (problems.length > 0 || content === undefined || validUntil === undefined) return { problems };
  return {
    problems,
    body: {
      title: d.title.trim(), ...(d.summary.trim() === '' ? {} : { summary: d.summary.trim() }),
      priority: d.priority, mode: d.mode, originArea, targetAreas: [...d.targets], content, schedule, repeat, validUntil,
    },
  };
}

/** An existing draft back into the form, for editing (and for the prepared correction after a cancel). */
export function draftFromBulletin(b: Pick<BulletinView, 'title' | 'summary' | 'priority' | 'mode' | 'targetAreas' | 'content' | 'schedule' | 'repeat' | 'validUntil'>, now: number, timeZone: string): ComposerDraft {
  const d = emptyDraft(now, timeZone, b.priority);
  const until = zonedParts(b.validUntil, timeZone);
  Object.assign(d, { title: b.title, summary: b.summary ?? '', mode: b.mode, targets: [...b.targetAreas], repeat: b.repeat, validUntilDate: until.date, validUntilTime: until.time });
  const c = b.content;
  if (c.kind === 'tts') Object.assign(d, { channel: 'loudspeaker', audioSource: 'tts', ttsText: c.text });
  else if (c.kind === 'audio') Object.assign(d, { channel: 'loudspeaker', audioSource: 'upload', audioSha256: c.mediaSha256 });
  else if (c.kind === 'ledText') Object.assign(d, { channel: 'led', slides: [c.slide] });
  else if (c.kind === 'image') Object.assign(d, { channel: 'led', slides: [{ type: 'image', mediaSha256: c.mediaSha256, durationMs: c.durationMs }] });
  else Object.assign(d, { channel: 'led', slides: [...c.slides] });
  const s = b.schedule;
  d.scheduleKind = s.type;
  if (s.type === 'once') Object.assign(d, { onceDate: zonedParts(s.at, timeZone).date, onceTime: zonedParts(s.at, timeZone).time });
  if (s.type === 'recurring') Object.assign(d, { weekdays: [...s.weekdays], times: s.times.join(', '), fromDate: s.fromDate, toDate: s.toDate });
  return d;
}
