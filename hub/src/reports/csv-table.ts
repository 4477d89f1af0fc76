// A report table as CSV for Excel: UTF-8 with a BOM (without it Excel reads Vietnamese as Windows-1252 mojibake),
// CRLF, RFC 4180 quoting. Shares are written as percentages with a point decimal ("97.5").
import { formatCsv } from '../areas/csv.js';
import type { CellValue, Sheet } from './xlsx/xlsx-workbook.js';

/**
 * OWASP "CSV Injection": a cell starting with = + - @ or a tab/CR is run as a formula by spreadsheet programs. A
 * bulletin title is free text from an official, so such text is prefixed with an apostrophe and shows as typed.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: CellValue, percent: boolean): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(percent ? Math.round(value * 1000) / 10 : value) : '';
  return neutraliseFormula(value);
}

export function csvFromSheet(sheet: Sheet): string {
  const header = sheet.columns.map((c) => neutraliseFormula(c.format === 'percent' ? `${c.header} (%)` : c.header));
  const rows = sheet.rows.map((row) => row.map((v, i) => csvCell(v, sheet.columns[i]?.format === 'percent')));
  return '\uFEFF' + formatCsv([header, ...rows]);
}
