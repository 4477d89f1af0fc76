import type { HubErrorCode } from '../errors.js';
import { AREA_CODE_PATTERN, DEFAULT_TIME_ZONE, MAX_AREA_DEPTH, validTimeZone } from './area.js';
import type { Area } from './area.js';
import { climb } from './area-tree.js';
import { formatCsv, parseCsv } from './csv.js';

/** One problem on one line of the file, in both languages, ready to show next to the line number. */
export interface AreaCsvError {
  readonly line: number;
  readonly code: HubErrorCode;
  /** The area the line defines, when it could be read. */
  readonly areaCode?: string;
  readonly messageVi: string;
  readonly messageEn: string;
}

export interface AreaCsvResult {
  /** The lines that passed every check, in file order. Import them only if `errors` is empty. */
  readonly areas: Area[];
  readonly errors: AreaCsvError[];
}

/** What the file may refer to or re-parent: the areas already stored. */
export type ExistingArea = Pick<Area, 'code' | 'parentCode'>;

export const AREA_CSV_COLUMNS = ['code', 'name', 'parent_code', 'time_zone'] as const;
type Column = (typeof AREA_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['code', 'name', 'parent_code'];

type Message = readonly [code: HubErrorCode, vi: string, en: string];

const M = {
  empty: (): Message => ['HUB_ERR_AREA_CSV', 'Tệp trống: cần dòng tiêu đề code,name,parent_code,time_zone', 'Empty file: the header code,name,parent_code,time_zone is required'],
  unterminated: (): Message => ['HUB_ERR_AREA_CSV', 'Dấu ngoặc kép được mở nhưng không được đóng', 'A quoted field is never closed'],
  afterQuote: (): Message => ['HUB_ERR_AREA_CSV', 'Có ký tự ngay sau dấu ngoặc kép đóng', 'Characters follow a closing quote'],
  unknownColumn: (c: string): Message => ['HUB_ERR_AREA_CSV', `Cột không được hỗ trợ: "${c}"`, `Unsupported column: "${c}"`],
  repeatedColumn: (c: string): Message => ['HUB_ERR_AREA_CSV', `Cột "${c}" bị lặp`, `Column "${c}" appears twice`],
  missingColumns: (cs: string): Message => ['HUB_ERR_AREA_CSV', `Dòng tiêu đề thiếu cột: ${cs}`, `The header lacks: ${cs}`],
  fieldCount: (n: number, want: number): Message => ['HUB_ERR_AREA_CSV', `Dòng có ${n} cột, cần ${want}`, `The line has ${n} fields, expected ${want}`],
  badCode: (c: string): Message => ['HUB_ERR_AREA_INVALID',
    `Mã địa bàn "${c}" không hợp lệ: 1–32 ký tự gồm chữ, số, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số`,
    `Area code "${c}" is invalid: 1–32 letters, digits, '.', '_' or '-', starting with a letter or digit`],
  duplicate: (c: string, line: number): Message => ['HUB_ERR_AREA_INVALID', `Mã địa bàn "${c}" bị trùng với dòng ${line}`, `Area code "${c}" already appears on line ${line}`],
  emptyName: (): Message => ['HUB_ERR_AREA_INVALID', 'Tên địa bàn để trống', 'The area name is empty'],
  badZone: (z: string): Message => ['HUB_ERR_AREA_INVALID', `Múi giờ "${z}" không hợp lệ (ví dụ đúng: Asia/Ho_Chi_Minh)`, `Unknown time zone "${z}" (for example: Asia/Ho_Chi_Minh)`],
  unknownParent: (p: string): Message => ['HUB_ERR_AREA_UNKNOWN',
    `Địa bàn cấp trên "${p}" không có trong tệp và chưa có trong hệ thống`, `Parent area "${p}" is neither in the file nor already in the system`],
  tooDeep: (levels: number): Message => ['HUB_ERR_AREA_INVALID', `Địa bàn nằm sâu hơn ${levels} cấp`, `The area is deeper than ${levels} levels`],
  cycle: (path: string): Message => ['HUB_ERR_AREA_CYCLE', `Vòng lặp cấp trên: ${path}`, `Parent cycle: ${path}`],
};

function problem(line: number, [code, messageVi, messageEn]: Message, areaCode?: string): AreaCsvError {
  return areaCode === undefined ? { line, code, messageVi, messageEn } : { line, code, areaCode, messageVi, messageEn };
}

function readHeader(fields: readonly string[]): { index: Map<Column, number>; messages: Message[] } {
  const index = new Map<Column, number>();
  const messages: Message[] = [];
  fields.forEach((raw, i) => {
    const column = AREA_CSV_COLUMNS.find((c) => c === raw.trim().toLowerCase());
    if (column === undefined) messages.push(M.unknownColumn(raw));
    else if (index.has(column)) messages.push(M.repeatedColumn(column));
    else index.set(column, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length > 0) messages.push(M.missingColumns(missing.join(', ')));
  return { index, messages };
}

/**
 * Reads an area list (header `code,name,parent_code,time_zone`, columns in any order; time_zone optional, default
 * Asia/Ho_Chi_Minh) and reports every problem with its line number. A code already in `existing` is an update of
 * that area; parents may be in the file or in `existing`; cycles are checked over both together. Pure:
 * all-or-nothing is the caller's job.
 */
export function parseAreaCsv(text: string, existing: Iterable<ExistingArea> = []): AreaCsvResult {
  const { records, error } = parseCsv(text);
  const syntax = error && problem(error.line, error.problem === 'unterminated-quote' ? M.unterminated() : M.afterQuote());
  const [header, ...rows] = records;
  if (header === undefined) return { areas: [], errors: [syntax ?? problem(1, M.empty())] };
  const { index, messages } = readHeader(header.fields);
  if (messages.length > 0) return { areas: [], errors: messages.map((m) => problem(header.line, m)) };

  const errors: AreaCsvError[] = syntax ? [syntax] : [];
  const cell = (fields: readonly string[], c: Column): string => (fields[index.get(c) ?? -1] ?? '').trim();
  const candidates: { line: number; area: Area }[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== header.fields.length) {
      errors.push(problem(line, M.fieldCount(fields.length, header.fields.length)));
      continue;
    }
    const code = cell(fields, 'code');
    const seenOn = firstLine.get(code);
    if (seenOn !== undefined) {
      errors.push(problem(line, M.duplicate(code, seenOn), code));
      continue;
    }
    const before = errors.length;
    if (AREA_CODE_PATTERN.test(code)) firstLine.set(code, line);
    else errors.push(problem(line, M.badCode(code)));
    const name = cell(fields, 'name');
    if (name === '') errors.push(problem(line, M.emptyName(), code));
    const zone = cell(fields, 'time_zone') || DEFAULT_TIME_ZONE;
    const timeZone = validTimeZone(zone);
    if (timeZone === undefined) errors.push(problem(line, M.badZone(zone), code));
    const parent = cell(fields, 'parent_code');
    if (errors.length === before && timeZone !== undefined) {
      candidates.push({ line, area: { code, name, parentCode: parent === '' ? null : parent, timeZone } });
    }
  }

  const parentOf = new Map<string, string | null>();
  for (const a of existing) parentOf.set(a.code, a.parentCode);
  for (const { area } of candidates) parentOf.set(area.code, area.parentCode);
  const areas: Area[] = [];
  for (const { line, area } of candidates) {
    const { code, parentCode } = area;
    if (parentCode !== null && !parentOf.has(parentCode) && !firstLine.has(parentCode)) {
      errors.push(problem(line, M.unknownParent(parentCode), code));
      continue;
    }
    const { path, cycle } = climb(parentOf, code);
    if (cycle?.[0] === code) {
      errors.push(problem(line, M.cycle(cycle.join(' → ')), code));
      continue;
    }
    if (cycle === undefined && path.length > MAX_AREA_DEPTH + 1) {
      errors.push(problem(line, M.tooDeep(MAX_AREA_DEPTH + 1), code));
      continue;
    }
    areas.push(area);
  }
  errors.sort((a, b) => a.line - b.line);
  return { areas, errors };
}

/** The inverse of parseAreaCsv. A BOM and CRLF so that Excel, which officials use, shows Vietnamese correctly. */
export function formatAreaCsv(areas: readonly Area[]): string {
  const rows = areas.map((a) => [a.code, a.name, a.parentCode ?? '', a.timeZone]);
  return '\uFEFF' + formatCsv([[...AREA_CSV_COLUMNS], ...rows]);
}
