// The .xlsx export without a dependency: a ZIP with correct CRC-32s that Python's zipfile accepts, and a workbook whose
// cells read back exactly, Vietnamese included.
import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import t from 'tap';
import { columnName, crc32, dosDateTime, sheetNames, xlsxWorkbook, xmlText, zipArchive, type Sheet } from '../../../hub/src/reports/index.js';
import { pythonAvailable, readWithPython, unzip } from './xlsx-read.js';

const WHEN = new Date(Date.UTC(2026, 4, 20, 8, 30, 14));

t.test('CRC-32 matches the check value and zlib', async (t) => {
  t.equal(crc32(Buffer.from('123456789')), 0xcbf43926, 'the CRC-32/ISO-HDLC check value');
  t.equal(crc32(new Uint8Array(0)), 0);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: 2000 }), (bytes, cut) => {
    const at = Math.min(cut, bytes.length);
    const whole = crc32(bytes);
    return whole === zlibCrc32(bytes) && crc32(bytes.subarray(at), crc32(bytes.subarray(0, at))) === whole;
  }));
});

t.test('ZIP entries come back byte for byte, stored or deflated', async (t) => {
  const big = Buffer.from('Xã Đắk Nia; '.repeat(2000));
  const zip = zipArchive([
    { name: 'a.txt', data: Buffer.from('một') },
    { name: 'thư mục/ổn.xml', data: big },
    { name: 'raw.bin', data: Buffer.from([0, 1, 2, 255]), deflate: false },
  ], WHEN);
  const entries = unzip(zip);
  t.same([...entries.keys()], ['a.txt', 'thư mục/ổn.xml', 'raw.bin'], 'UTF-8 names');
  t.equal(entries.get('thư mục/ổn.xml')!.toString(), big.toString());
  t.same([...entries.get('raw.bin')!], [0, 1, 2, 255]);
  t.ok(zip.length < big.length / 5, 'repetitive XML is deflated');
  t.same(dosDateTime(WHEN), { date: ((2026 - 1980) << 9) | (5 << 5) | 20, time: (8 << 11) | (30 << 5) | 7 });
});

t.test('helpers: column letters, sheet names Excel accepts, XML-safe text', async (t) => {
  t.same([0, 25, 26, 27, 51, 52, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  t.same(sheetNames(['Theo địa bàn', 'Theo địa bàn', 'a/b:c?', '', 'Một tên rất dài vượt quá ba mươi mốt ký tự']), [
    'Theo địa bàn', 'Theo địa bàn (2)', 'a b c', 'Sheet4', 'Một tên rất dài vượt quá ba mươ',
  ]);
  t.equal(xmlText('<b>"Tom & Jerry"</b>\u0001\u0007'), '&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;', 'control characters cannot appear in XML at all');
});

const SHEETS: Sheet[] = [
  {
    name: 'Theo địa bàn',
    columns: [{ header: 'Mã địa bàn' }, { header: 'Tên địa bàn' }, { header: 'Đã phát', format: 'integer' }, { header: 'Tỷ lệ phát', format: 'percent' }],
    rows: [
      ['67', 'Tỉnh Đắk Nông', 1234, 0.975],
      ['24715', 'Xã Nâm Nung <"&">', 0, null],
      ['=1+1', ' khoảng trắng ', 3, 1],
    ],
  },
  { name: 'Theo ngày', columns: [{ header: 'Ngày' }, { header: 'Đã phát', format: 'integer' }], rows: [['2026-05-01', 5]] },
];

t.test('the workbook reads back cell for cell in Python', { skip: pythonAvailable() ? false : 'python3 is not installed' }, async (t) => {
  const cells = readWithPython(xlsxWorkbook(SHEETS, WHEN));
  t.same(cells, {
    'Theo địa bàn': [
      ['Mã địa bàn', 'Tên địa bàn', 'Đã phát', 'Tỷ lệ phát'],
      ['67', 'Tỉnh Đắk Nông', 1234, 0.975],
      ['24715', 'Xã Nâm Nung <"&">', 0, null],
      ['=1+1', ' khoảng trắng ', 3, 1],
    ],
    'Theo ngày': [['Ngày', 'Đã phát'], ['2026-05-01', 5]],
  });
});

t.test('the package parts are where Office looks for them', async (t) => {
  const parts = unzip(xlsxWorkbook(SHEETS, WHEN));
  t.same([...parts.keys()], [
    '[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml',
    'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml',
  ]);
  const types = parts.get('[Content_Types].xml')!.toString();
  t.match(types, 'PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"');
  const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString();
  t.match(sheet, '<c r="A4" t="inlineStr"><is><t>=1+1</t></is></c>', 'a formula-looking string stays a string, never a formula');
  t.match(sheet, '<c r="D2" s="3"><v>0.975</v></c>', 'shares carry the percent style');
  t.match(sheet, 'state="frozen"', 'the header row stays in view');
  t.equal(unzip(xlsxWorkbook([], WHEN)).has('xl/worksheets/sheet1.xml'), true, 'an empty workbook still has the one sheet Excel requires');
});
