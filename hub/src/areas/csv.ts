/** One CSV record and the (1-based) line it starts on, which is what a user sees in a text editor. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export type CsvSyntaxProblem = 'unterminated-quote' | 'text-after-quote';

export interface CsvParse {
  readonly records: CsvRecord[];
  /** Parsing stops at the first syntax error: everything after it would be guesswork. */
  readonly error?: { readonly line: number; readonly problem: CsvSyntaxProblem };
}

/**
 * RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF, LF or CR;
 * a leading UTF-8 BOM (Excel adds one) is dropped; blank lines are skipped.
 */
export function parseCsv(input: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) return { records, error: { line: start, problem: 'unterminated-quote' } };
          const ch = text[i] as string;
          if (ch === '"' && text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
            field += ch;
            i++;
          }
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          return { records, error: { line, problem: 'text-after-quote' } };
        }
      } else {
        const end = nextDelimiter(text, i);
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0]?.trim() === '')) records.push({ line: start, fields });
  }
  return { records };
}

function nextDelimiter(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === ',' || ch === '\n' || ch === '\r') return i;
  }
  return text.length;
}

function formatField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 writer with CRLF line ends, quoting only where needed. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(formatField).join(',') + '\r\n').join('');
}
