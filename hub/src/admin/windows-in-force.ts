// The operating windows an area works under (Điều 10), per device kind, and where each comes from: the area's own
// override, an ancestor's, or the regulation's defaults. The console shows this to a commune whose parents it cannot
// list, so the answer carries the source's name. Pure; mirrors effectiveWindows in hub/src/areas/area-tree.ts.
import { DEFAULT_WINDOWS, DEVICE_KINDS, areaChain, type AreaTree, type DeviceKind, type OperatingWindow } from '../areas/index.js';

export interface WindowsInForce {
  readonly windows: readonly OperatingWindow[];
  /** The area whose override applies; null when the Điều 10 defaults do. */
  readonly from: { readonly code: string; readonly name: string } | null;
  /** The area's own override, or null when it inherits. */
  readonly own: readonly OperatingWindow[] | null;
}

export function windowsInForce(tree: AreaTree, code: string): Record<DeviceKind, WindowsInForce> {
  const chain = areaChain(tree, code);
  const out = {} as Record<DeviceKind, WindowsInForce>;
  for (const kind of DEVICE_KINDS) {
    const own = tree.nodes.get(code)?.area.windows?.[kind] ?? null;
    let found: WindowsInForce = { windows: DEFAULT_WINDOWS[kind], from: null, own };
    for (let i = chain.length - 1; i >= 0; i--) {
      const area = tree.nodes.get(chain[i]!)!.area;
      const list = area.windows?.[kind];
      if (list !== undefined) {
        found = { windows: list, from: { code: area.code, name: area.name }, own };
        break;
      }
    }
    out[kind] = found;
  }
  return out;
}
