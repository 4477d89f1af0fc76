// Target areas as a tree of checkboxes, limited to the account's own subtree (GET /api/areas answers only that; the
// hub checks again on save, Điều 9). Ticking an area targets everything below it, so its descendants show as
// included rather than as separate choices: the bulletin names the fewest areas that cover the choice.
import { areaForest, type AreaInfo, type AreaNode } from '../../core/areas.js';
import { h } from '../../core/dom.js';

export interface AreaPicker {
  readonly root: HTMLElement;
  selected(): string[];
}

export interface AreaPickerOptions {
  readonly areas: readonly AreaInfo[];
  readonly initial: readonly string[];
  readonly legend: string;
  readonly includedLabel: string;
  readonly onChange?: (codes: string[]) => void;
}

/** Pure: drop any code that lies below another chosen code (its subtree is already targeted). */
export function minimalTargets(areas: readonly AreaInfo[], chosen: ReadonlySet<string>): string[] {
  const parent = new Map(areas.map((a) => [a.code, a.parentCode]));
  const coveredAbove = (code: string): boolean => {
    for (let p = parent.get(code) ?? null; p !== null; p = parent.get(p) ?? null) if (chosen.has(p)) return true;
    return false;
  };
  return [...chosen].filter((c) => parent.has(c) && !coveredAbove(c)).sort();
}

export function areaPicker(o: AreaPickerOptions): AreaPicker {
  const chosen = new Set(o.initial);
  const boxes = new Map<string, HTMLInputElement>();
  const notes = new Map<string, HTMLElement>();
  const parentOf = new Map(o.areas.map((a) => [a.code, a.parentCode]));

  const refresh = (): void => {
    for (const [code, box] of boxes) {
      let included = false;
      for (let p = parentOf.get(code) ?? null; p !== null; p = parentOf.get(p) ?? null) if (chosen.has(p)) included = true;
      box.checked = included || chosen.has(code);
      box.disabled = included;
      const note = notes.get(code);
      if (note !== undefined) note.hidden = !included;
    }
  };

  const node = (n: AreaNode): HTMLElement => {
    const box = h('input', {
      type: 'checkbox', value: n.area.code, dataset: { area: n.area.code },
      on: {
        change: () => {
          if (box.checked) chosen.add(n.area.code);
          else chosen.delete(n.area.code);
          refresh();
          o.onChange?.(minimalTargets(o.areas, chosen));
        },
      },
    });
    boxes.set(n.area.code, box);
    const note = h('span', { class: 'wf-included', hidden: true }, ` (${o.includedLabel})`);
    notes.set(n.area.code, note);
    return h(
      'li',
      null,
      h('label', null, box, `${n.area.name} `, h('small', null, n.area.code), note),
      n.children.length > 0 ? h('ul', null, n.children.map(node)) : null,
    );
  };

  const root = h('fieldset', { class: 'wf-choice wf-area-picker' }, h('legend', null, o.legend), h('ul', { class: 'wf-tree' }, areaForest(o.areas).map(node)));
  refresh();
  return { root, selected: () => minimalTargets(o.areas, chosen) };
}
