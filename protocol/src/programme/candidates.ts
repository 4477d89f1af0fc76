// Which bulletins the programme lays out for one device, and with which schedule (Điều 8).
import type { Bulletin } from '../bulletin.js';
import { contentSuitsDevice, slidesOf } from '../content.js';
import type { ProgrammeSelection } from '../manifest.js';
import type { Schedule } from '../schedule.js';
import type { ProgrammeInput, ProgrammeWarning } from './programme-types.js';
import { noDuration, unsupportedSchedule } from './reasons.js';

export interface Candidate {
  readonly bulletin: Bulletin;
  /** The bulletin's own for priority; the commune's for a normal one it picked (or the bulletin's if it gave none). */
  readonly schedule: Exclude<Schedule, { type: 'now' }>;
  /** The commune chair's position among clashing priority bulletins (Điều 8.2), lower first. */
  readonly order: number | undefined;
  /** One play of the audio, or one pass through the slides. */
  readonly passMs: number;
}

/** Same id twice (should not happen): the highest revision, then the canonical text, so input order never matters. */
function distinctBulletins(bulletins: readonly Bulletin[]): Bulletin[] {
  const byId = new Map<string, { b: Bulletin; text?: string }>();
  for (const b of bulletins) {
    const seen = byId.get(b.bulletinId);
    if (seen === undefined || b.revision > seen.b.revision) {
      byId.set(b.bulletinId, { b });
    } else if (b.revision === seen.b.revision) {
      const text = JSON.stringify(b);
      const seenText = seen.text ?? JSON.stringify(seen.b);
      if (text < seenText) byId.set(b.bulletinId, { b, text });
    }
  }
  return [...byId.values()].map((v) => v.b).sort((a, b) => (a.bulletinId < b.bulletinId ? -1 : a.bulletinId > b.bulletinId ? 1 : 0));
}

function passMsOf(b: Bulletin, kind: ProgrammeInput['kind']): number | undefined {
  if (kind === 'loudspeaker') return b.content.kind === 'audio' || b.content.kind === 'tts' ? b.content.media.durationMs : undefined;
  return slidesOf(b.content).reduce((sum, s) => sum + s.durationMs, 0);
}

/**
 * The device's share of the manifest. Never: a recalled bulletin, an emergency (the urgent path plays it at once, at
 * any hour: Điều 8.1), a bulletin for other areas or another kind of device (Điều 7), or a normal bulletin the
 * commune did not pick (Điều 8.3). Warnings only for what an official can fix, and only while the bulletin is valid
 * during [fromMs, toMs).
 */
export function chooseCandidates(input: ProgrammeInput, fromMs: number, toMs: number): { candidates: Candidate[]; warnings: ProgrammeWarning[] } {
  const recalled = new Set(input.recalled);
  const chain = new Set(input.areaChain);
  const selections = new Map<string, ProgrammeSelection>();
  for (const s of input.selections) selections.set(s.bulletinId, s);
  const candidates: Candidate[] = [];
  const warnings: ProgrammeWarning[] = [];
  for (const b of distinctBulletins(input.bulletins)) {
    if (recalled.has(b.bulletinId) || b.priority === 'emergency') continue;
    if (!b.targetAreas.some((a) => chain.has(a)) || !contentSuitsDevice(b.content.kind, input.kind)) continue;
    const selection = selections.get(b.bulletinId);
    if (b.priority === 'normal' && selection === undefined) continue;
    const validDuringRange = b.validFrom < toMs && b.validUntil > fromMs;
    // Điều 8.2 gives the commune the order of priority bulletins, not their time; Điều 8.3 gives it both for normal.
    const schedule = b.priority === 'normal' ? (selection?.schedule ?? b.schedule) : b.schedule;
    if (schedule.type === 'now') {
      if (validDuringRange) warnings.push(unsupportedSchedule(b));
      continue;
    }
    const passMs = passMsOf(b, input.kind);
    if (passMs === undefined || passMs <= 0) {
      if (validDuringRange) warnings.push(noDuration(b));
      continue;
    }
    candidates.push({ bulletin: b, schedule, order: selection?.order, passMs });
  }
  return { candidates, warnings };
}
