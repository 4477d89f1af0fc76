import { HubError } from '../errors.js';
import { MAX_AREA_DEPTH, validateArea } from './area.js';
import type { Area } from './area.js';
import type { BroadcastCaps } from './broadcast-caps.js';
import { DEFAULT_WINDOWS } from './operating-windows.js';
import type { DeviceKind, OperatingWindow } from './operating-windows.js';

export interface AreaNode {
  readonly area: Area;
  readonly children: readonly string[];
  /** 0 for a root. Levels are data: Vietnam went from three local levels to two in 2025. */
  readonly depth: number;
}

/** A validated forest: one root per province normally, several on a federating hub. Immutable. */
export interface AreaTree {
  readonly roots: readonly string[];
  readonly nodes: ReadonlyMap<string, AreaNode>;
}

/**
 * Follows parent links up from `start`. `path` holds each code once, from `start` to the topmost one reached (a
 * root, or a code `parentOf` does not know); `cycle` is set if the walk loops, first code repeated at the end.
 */
export function climb(parentOf: ReadonlyMap<string, string | null>, start: string): { path: string[]; cycle?: string[] } {
  const seen = new Map<string, number>();
  const path: string[] = [];
  let code: string | undefined = start;
  while (code !== undefined) {
    const at = seen.get(code);
    if (at !== undefined) return { path, cycle: [...path.slice(at), code] };
    seen.set(code, path.length);
    path.push(code);
    code = parentOf.get(code) ?? undefined;
  }
  return { path };
}

/** Validates every area and their links. Throws HUB_ERR_AREA_INVALID, HUB_ERR_AREA_UNKNOWN or HUB_ERR_AREA_CYCLE. */
export function buildAreaTree(areas: readonly Area[]): AreaTree {
  const byCode = new Map<string, Area>();
  for (const raw of areas) {
    const area = validateArea(raw);
    if (byCode.has(area.code)) throw new HubError('HUB_ERR_AREA_INVALID', `duplicate area code ${area.code}`);
    byCode.set(area.code, area);
  }
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const area of byCode.values()) {
    if (area.parentCode === null) {
      roots.push(area.code);
    } else if (!byCode.has(area.parentCode)) {
      throw new HubError('HUB_ERR_AREA_UNKNOWN', `${area.code}: parent ${area.parentCode} does not exist`);
    } else {
      const siblings = children.get(area.parentCode) ?? [];
      siblings.push(area.code);
      children.set(area.parentCode, siblings);
    }
  }

  const nodes = new Map<string, AreaNode>();
  const queue = roots.map((code) => ({ code, depth: 0 }));
  for (let i = 0; i < queue.length; i++) {
    const next = queue[i] as { code: string; depth: number };
    if (next.depth > MAX_AREA_DEPTH) {
      throw new HubError('HUB_ERR_AREA_INVALID', `${next.code}: deeper than ${MAX_AREA_DEPTH + 1} levels`);
    }
    const kids = children.get(next.code) ?? [];
    nodes.set(next.code, { area: byCode.get(next.code) as Area, children: kids, depth: next.depth });
    for (const kid of kids) queue.push({ code: kid, depth: next.depth + 1 });
  }
  if (nodes.size < byCode.size) {
    // Every area not reachable from a root has a parent chain that loops.
    const parentOf = new Map([...byCode.values()].map((a) => [a.code, a.parentCode]));
    const stray = [...byCode.keys()].find((code) => !nodes.has(code)) as string;
    const cycle = climb(parentOf, stray).cycle ?? [stray];
    throw new HubError('HUB_ERR_AREA_CYCLE', cycle.join(' → '), { cycle });
  }
  return { roots, nodes };
}

export function areaNode(tree: AreaTree, code: string): AreaNode {
  const node = tree.nodes.get(code);
  if (!node) throw new HubError('HUB_ERR_AREA_UNKNOWN', code);
  return node;
}

/** Codes from the root down to `code` inclusive: the area topics a device in `code` subscribes to. */
export function areaChain(tree: AreaTree, code: string): string[] {
  const chain: string[] = [];
  let node: AreaNode | undefined = areaNode(tree, code);
  while (node) {
    chain.push(node.area.code);
    const parent: string | null = node.area.parentCode;
    node = parent === null ? undefined : tree.nodes.get(parent);
  }
  return chain.reverse();
}

/** `code` and every area below it, parents before children. */
export function subtree(tree: AreaTree, code: string): string[] {
  const out: string[] = [];
  const stack = [areaNode(tree, code).area.code];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    out.push(next);
    const kids = tree.nodes.get(next)?.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as string);
  }
  return out;
}

/** Whether `code` is `ancestor` or lies below it. Both must exist. */
export function isWithin(tree: AreaTree, ancestor: string, code: string): boolean {
  areaNode(tree, ancestor);
  return areaChain(tree, code).includes(ancestor);
}

export function depth(tree: AreaTree, code: string): number {
  return areaNode(tree, code).depth;
}

/** The nearest override up the chain (the area's own first), else the Điều 10 defaults. */
export function effectiveWindows(tree: AreaTree, code: string, kind: DeviceKind): readonly OperatingWindow[] {
  const chain = areaChain(tree, code);
  for (let i = chain.length - 1; i >= 0; i--) {
    const own = tree.nodes.get(chain[i] as string)?.area.windows?.[kind];
    if (own !== undefined) return own;
  }
  return DEFAULT_WINDOWS[kind];
}

/**
 * The nearest caps up the chain (the area's own first), like the windows; undefined when no area sets any. An
 * explicit {} stops inheritance: that subtree is not capped (issue 6, caps per area, e.g. Hà Nội).
 */
export function effectiveCaps(tree: AreaTree, code: string, kind: DeviceKind): BroadcastCaps | undefined {
  const chain = areaChain(tree, code);
  for (let i = chain.length - 1; i >= 0; i--) {
    const own = tree.nodes.get(chain[i] as string)?.area.caps?.[kind];
    if (own !== undefined) return own;
  }
  return undefined;
}
