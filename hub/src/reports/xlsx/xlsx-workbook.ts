// A minimal Office Open XML workbook (ECMA-376 Part 1, SpreadsheetML): one worksheet per table, strings written
// inline (t="inlineStr", §18.3.1.4) so no shared-string table is needed, a bold frozen header row, and number formats
// for counts and shares. Excel, LibreOffice and Google Sheets open it; the tests re-read it with Python's zipfile.
import { zipArchive, type ZipEntry } from './zip-writer.js';

export type CellValue = string | number | null;
/** integer: '#,##0' (built-in 3); percent: '0.00%' (built-in 10) for a share between 0 and 1. */
export type ColumnFormat = 'text' | 'integer' | 'percent';

export interface SheetColumn {
  readonly header: string;
  readonly format?: ColumnFormat;
  /** In characters; default from the header. */
  readonly width?: number;
}

export interface Sheet {
  readonly name: string;
  readonly columns: readonly SheetColumn[];
  readonly rows: readonly (readonly CellValue[])[];
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Excel's limit for one cell's text. */
const MAX_CELL_CHARS = 32_767;
const STYLE = { header: 1, integer: 2, percent: 3 } as const;

// XML 1.0 §2.2: control characters other than tab and line breaks, lone surrogates and U+FFFE/U+FFFF cannot appear
// in a document at all, escaped or not. A bulletin title pasted from a word processor sometimes carries them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 0 → 'A', 25 → 'Z', 26 → 'AA' (§18.3.1.4 cell references). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ or apostrophes at either end, or repeated. */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.replace(/[[\]:*?/\\\u0000-\u001F]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

function cell(ref: string, value: CellValue, style: number): string {
  const s = style === 0 ? '' : ` s="${style}"`;
  if (value === null) return style === 0 ? '' : `<c r="${ref}"${s}/>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  const text = xmlText(value.slice(0, MAX_CELL_CHARS));
  const space = text !== text.trim() || /\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function styleOf(format: ColumnFormat | undefined): number {
  return format === 'integer' ? STYLE.integer : format === 'percent' ? STYLE.percent : 0;
}

export function worksheetXml(sheet: Sheet): string {
  const header = `<row r="1">${sheet.columns.map((c, i) => cell(`${columnName(i)}1`, c.header, STYLE.header)).join('')}</row>`;
  const rows = sheet.rows.map((values, r) => {
    const cells = values.map((v, i) => cell(`${columnName(i)}${r + 2}`, v, styleOf(sheet.columns[i]?.format))).join('');
    return `<row r="${r + 2}">${cells}</row>`;
  });
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(Math.max(c.width ?? c.header.length + 2, 8), 80)}" customWidth="1"/>`)
    .join('');
  const view = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}">${view}${cols === '' ? '' : `<cols>${cols}</cols>`}<sheetData>${header}${rows.join('')}</sheetData></worksheet>`;
}

const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
  + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
  + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
  + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
  + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
  + '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
  + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
  + '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
  + '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
  + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** The .xlsx bytes for `sheets` (at least one). `modified` stamps the ZIP entries. */
export function xlsxWorkbook(sheets: readonly Sheet[], modified: Date): Buffer {
  const list = sheets.length === 0 ? [{ name: 'Sheet1', columns: [], rows: [] }] : sheets;
  const names = sheetNames(list.map((s) => s.name));
  const overrides = list
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  const contentTypes = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    + `${overrides}</Types>`;
  const rootRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
    + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>`
    + names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
    + '</sheets></workbook>';
  const workbookRels = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
    + list.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
    + `<Relationship Id="rId${list.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: utf8(contentTypes) },
    { name: '_rels/.rels', data: utf8(rootRels) },
    { name: 'xl/workbook.xml', data: utf8(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: utf8(workbookRels) },
    { name: 'xl/styles.xml', data: utf8(STYLES_XML) },
    ...list.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: utf8(worksheetXml(s)) })),
  ];
  return zipArchive(entries, modified);
}
