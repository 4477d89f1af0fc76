// Two independent readers for the .xlsx the hub writes, so a test never checks the writer with its own assumptions:
// Python's zipfile + ElementTree (a different ZIP and XML implementation), and a small one here (node:zlib inflate).
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';

export type Cells = Record<string, (string | number | null)[][]>;

const PYTHON_READER = String.raw`
import io, json, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
      'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
      'p': 'http://schemas.openxmlformats.org/package/2006/relationships'}
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = z.testzip()
if bad is not None: raise SystemExit('CRC mismatch in ' + bad)
ET.fromstring(z.read('[Content_Types].xml'))
rels = {r.get('Id'): r.get('Target') for r in ET.fromstring(z.read('xl/_rels/workbook.xml.rels')).findall('p:Relationship', ns)}
out = {}
for sheet in ET.fromstring(z.read('xl/workbook.xml')).find('m:sheets', ns):
    target = 'xl/' + rels[sheet.get('{%s}id' % ns['r'])]
    rows = []
    for row in ET.fromstring(z.read(target)).find('m:sheetData', ns):
        cells = []
        for c in row:
            if c.get('t') == 'inlineStr': cells.append(''.join(t.text or '' for t in c.iter('{%s}t' % ns['m'])))
            else:
                v = c.find('m:v', ns)
                cells.append(None if v is None else float(v.text))
        rows.append(cells)
    out[sheet.get('name')] = rows
print(json.dumps(out, ensure_ascii=False))
`;

export function pythonAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
}

/** Sheets by name, rows of cell values, as Python reads them (numbers as floats). Throws on any reading error. */
export function readWithPython(xlsx: Buffer): Cells {
  const run = spawnSync('python3', ['-c', PYTHON_READER], { input: xlsx, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python could not read the workbook: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString('utf8')) as Cells;
}

/** The entries of a ZIP archive by name, read from its central directory. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? inflateRawSync(raw) : raw);
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}
