// Reports for one area subtree and date range: reads through ReportSource, decides in the pure builders. The route
// has already checked that the caller may read reports for the area (permission report.read, subtree scope).
import { addDays, localDateOf } from '@tinnguon/protocol';
import { subtree, type AreaTree } from '../areas/index.js';
import type { Reader } from '../db/index.js';
import { HubError } from '../errors.js';
import { buildAvailabilityReport, type AvailabilityReport } from './availability.js';
import { buildPlaybackReport, type PlaybackReport } from './playback-report.js';
import { reportRange, type ReportRange } from './report-range.js';
import { ReportSource } from './report-source.js';

/** Without dates a report covers the last seven local days, today included. */
export const DEFAULT_REPORT_DAYS = 7;

export interface ReportQuery {
  readonly area: string;
  readonly from?: string;
  readonly to?: string;
}

export interface ReportServiceDeps {
  readonly db: Reader;
  readonly areas: { tree(): Promise<AreaTree> };
  readonly now: () => number;
}

export class ReportService {
  readonly #d: ReportServiceDeps;
  readonly #source: ReportSource;

  constructor(deps: ReportServiceDeps) {
    this.#d = deps;
    this.#source = new ReportSource(deps.db);
  }

  async playback(q: ReportQuery & { readonly bulletin?: string }): Promise<PlaybackReport> {
    const { tree, range, codes } = await this.#scope(q);
    const bulletin = q.bulletin ?? null;
    const [groups, devices] = await Promise.all([this.#source.playbackGroups(codes, range, bulletin), this.#source.devices(codes, range)]);
    const ids = groups.byBulletin.map((r) => r.key).filter((k): k is string => typeof k === 'string' && k !== '');
    const bulletins = await this.#source.bulletins([...new Set(ids)]);
    return buildPlaybackReport({ tree, root: q.area, range, bulletinFilter: bulletin, devices, bulletins, groups });
  }

  async availability(q: ReportQuery): Promise<AvailabilityReport> {
    const { tree, range, codes } = await this.#scope(q);
    const { devices, changes } = await this.#source.presence(codes, range);
    return buildAvailabilityReport({ tree, root: q.area, range, now: this.#d.now(), devices, changes });
  }

  async #scope(q: ReportQuery): Promise<{ tree: AreaTree; range: ReportRange; codes: string[] }> {
    const tree = await this.#d.areas.tree();
    const node = tree.nodes.get(q.area);
    if (node === undefined) throw new HubError('HUB_ERR_AREA_UNKNOWN', q.area);
    const zone = node.area.timeZone;
    const to = q.to ?? (q.from === undefined ? localDateOf(this.#d.now(), zone) : maxDate(q.from, localDateOf(this.#d.now(), zone)));
    const from = q.from ?? addDays(to, 1 - DEFAULT_REPORT_DAYS);
    return { tree, range: reportRange(from, to, zone), codes: subtree(tree, q.area) };
  }
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
