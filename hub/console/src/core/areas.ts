// The areas (địa bàn) the signed-in account may see, fetched once per session from GET /api/areas (the hub already
// limits it to the account's subtree). Names for codes, the tree for pickers, the time zone for dates.
import type { HttpMethod } from './screen.js';

export interface AreaInfo {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly timeZone: string;
}

export interface AreaNode {
  readonly area: AreaInfo;
  readonly children: AreaNode[];
  readonly depth: number;
}

type ApiFn = <T>(method: HttpMethod, path: string, body?: unknown) => Promise<T>;
interface ApiHolder {
  api<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
}

let cached: Promise<readonly AreaInfo[]> | undefined;

/** The visible areas; one request per session (forgetAreas() on sign-out or after an import). `loadAreas(ctx)` or `loadAreas(api)`. */
export function loadAreas(from: ApiHolder | ApiFn): Promise<readonly AreaInfo[]> {
  const request = () => (typeof from === 'function' ? from<{ areas: AreaInfo[] }>('GET', '/api/areas') : from.api<{ areas: AreaInfo[] }>('GET', '/api/areas'));
  cached ??= request().then(
    (r) => r.areas,
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

export function forgetAreas(): void {
  cached = undefined;
}

/** Roots are areas whose parent is not visible (for a commune officer: the commune itself). Children by name. */
export function areaForest(areas: readonly AreaInfo[]): AreaNode[] {
  const byParent = new Map<string | null, AreaInfo[]>();
  const codes = new Set(areas.map((a) => a.code));
  for (const a of areas) {
    const parent = a.parentCode !== null && codes.has(a.parentCode) ? a.parentCode : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), a]);
  }
  const build = (parent: string | null, depth: number): AreaNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
      .map((area) => ({ area, depth, children: build(area.code, depth + 1) }));
  return build(null, 0);
}

/** Depth-first list, for an indented <select>. */
export function flattenForest(forest: readonly AreaNode[]): AreaNode[] {
  return forest.flatMap((n) => [n, ...flattenForest(n.children)]);
}

/** Codes of `code` and everything below it among `areas`. */
export function subtreeCodes(areas: readonly AreaInfo[], code: string): Set<string> {
  const out = new Set<string>([code]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of areas) {
      if (a.parentCode !== null && out.has(a.parentCode) && !out.has(a.code)) {
        out.add(a.code);
        grew = true;
      }
    }
  }
  return out;
}

export function areaName(areas: readonly AreaInfo[], code: string): string {
  return areas.find((a) => a.code === code)?.name ?? code;
}
