// Area rows of a report: each area of the report's subtree with what belongs to it directly ("own") and with
// everything below it ("total"), parents before children. Levels are data (domain.md), so nothing here assumes a
// province → district → commune shape.
import { subtree, type AreaTree } from '../areas/index.js';

export interface AreaRow<T> {
  readonly code: string;
  readonly name: string;
  /** 0 for the report's own area. */
  readonly depth: number;
  readonly parentCode: string | null;
  readonly own: T;
  readonly total: T;
}

export interface Accumulator<T> {
  empty(): T;
  /** `into` plus `more`: may add in place and return `into`, or return a new value (numbers). */
  add(into: T, more: T): T;
}

/** `own` maps an area code to its own value; codes outside the subtree are ignored. */
export function rollUpAreas<T>(tree: AreaTree, root: string, own: ReadonlyMap<string, T>, acc: Accumulator<T>): AreaRow<T>[] {
  const codes = subtree(tree, root);
  const rootDepth = tree.nodes.get(root)!.depth;
  const totals = new Map<string, T>();
  // Children come after their parents in `codes`, so walking it backwards finishes every child before its parent.
  for (let i = codes.length - 1; i >= 0; i--) {
    const code = codes[i]!;
    let total = acc.add(acc.empty(), own.get(code) ?? acc.empty());
    for (const child of tree.nodes.get(code)!.children) total = acc.add(total, totals.get(child)!);
    totals.set(code, total);
  }
  return codes.map((code) => {
    const node = tree.nodes.get(code)!;
    return {
      code, name: node.area.name, depth: node.depth - rootDepth, parentCode: code === root ? null : node.area.parentCode,
      own: own.get(code) ?? acc.empty(), total: totals.get(code)!,
    };
  });
}

/** The rows a bar chart shows: the report area's direct children, or the area itself when it has none. */
export function chartAreas<T>(rows: readonly AreaRow<T>[]): AreaRow<T>[] {
  const children = rows.filter((r) => r.depth === 1);
  return children.length > 0 ? children : rows.filter((r) => r.depth === 0);
}
