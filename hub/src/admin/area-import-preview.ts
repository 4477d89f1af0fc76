// What POST /api/areas/import would do with a CSV, without writing: the same parser and the same whole-tree check
// the import runs (AreaRepository.importCsv), so the console can show every line as "new", "changed" or "unchanged"
// and every problem with its line number and code before an official commits to an all-or-nothing import.
import { buildAreaTree, parseAreaCsv, type Area, type AreaCsvError } from '../areas/index.js';
import { isHubError } from '../errors.js';

export type ImportChange = 'create' | 'update' | 'unchanged';

export interface AreaImportPreview {
  readonly areas: readonly (Area & { readonly change: ImportChange })[];
  readonly errors: readonly AreaCsvError[];
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

function sameArea(a: Area, b: Area): boolean {
  return a.name === b.name && a.parentCode === b.parentCode && a.timeZone === b.timeZone;
}

/** Pure. `existing` is every stored area (the import's parents and re-parenting may reach outside the file). */
export function previewAreaImport(text: string, existing: readonly Area[]): AreaImportPreview {
  const { areas, errors } = parseAreaCsv(text, existing);
  const stored = new Map(existing.map((a) => [a.code, a]));
  const problems = [...errors];
  if (problems.length === 0) {
    const merged = new Map(stored);
    for (const a of areas) merged.set(a.code, { ...merged.get(a.code), ...a });
    try {
      buildAreaTree([...merged.values()]);
    } catch (err) {
      // Re-parenting can push areas that are not in the file too deep, which no single line shows; line 0 = the file.
      if (!isHubError(err)) throw err;
      problems.push({ line: 0, code: err.code, messageVi: `Cây địa bàn sau khi nhập không hợp lệ: ${err.message}`, messageEn: `The tree after the import is invalid: ${err.message}` });
    }
  }
  const rows = areas.map((a) => {
    const before = stored.get(a.code);
    const change: ImportChange = before === undefined ? 'create' : sameArea(before, a) ? 'unchanged' : 'update';
    return { ...a, change };
  });
  const count = (c: ImportChange) => rows.filter((r) => r.change === c).length;
  return { areas: rows, errors: problems, created: count('create'), updated: count('update'), unchanged: count('unchanged') };
}
