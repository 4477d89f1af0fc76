import fc from 'fast-check';
import t from 'tap';
import { DEMO_PROVINCE, MAX_AREA_DEPTH, formatAreaCsv, parseAreaCsv } from '../../../hub/src/areas/index.js';
import type { Area, AreaCsvError } from '../../../hub/src/areas/index.js';

const lines = (...rows: string[]) => rows.join('\n') + '\n';
const brief = (errors: AreaCsvError[]) => errors.map((e) => [e.line, e.code]);

t.test('a plain file with LF line ends', (t) => {
  const { areas, errors } = parseAreaCsv(lines(
    'code,name,parent_code,time_zone',
    '67,Tỉnh Đắk Nông,,Asia/Ho_Chi_Minh',
    '663,Huyện Đắk Mil,67,',
    '24670,Thị trấn Đắk Mil,663,Asia/Ho_Chi_Minh',
  ));
  t.same(errors, []);
  t.same(areas, [
    { code: '67', name: 'Tỉnh Đắk Nông', parentCode: null, timeZone: 'Asia/Ho_Chi_Minh' },
    { code: '663', name: 'Huyện Đắk Mil', parentCode: '67', timeZone: 'Asia/Ho_Chi_Minh' },
    { code: '24670', name: 'Thị trấn Đắk Mil', parentCode: '663', timeZone: 'Asia/Ho_Chi_Minh' },
  ]);
  t.end();
});

t.test('Excel-style: BOM, CRLF, quoted names with commas, quotes and apostrophes; no time_zone column', (t) => {
  const text = '\uFEFFcode,name,parent_code\r\n' +
    '67,"Tỉnh Đắk Nông",\r\n' +
    '666,"Huyện Đắk R\'Lấp, cũ",67\r\n' +
    '24720,"Xã ""Nâm N\'Đir""",666\r\n';
  const { areas, errors } = parseAreaCsv(text);
  t.same(errors, []);
  t.same(areas.map((a) => a.name), ['Tỉnh Đắk Nông', "Huyện Đắk R'Lấp, cũ", 'Xã "Nâm N\'Đir"']);
  t.equal(areas[0]?.code, '67', 'the BOM does not stick to the first header or code');
  t.ok(areas.every((a) => a.timeZone === 'Asia/Ho_Chi_Minh'), 'the default zone');
  t.end();
});

t.test('columns in any order, blank lines skipped, cells trimmed', (t) => {
  const { areas, errors } = parseAreaCsv(lines('Name, Code ,PARENT_CODE', ' Tỉnh A , 1 ,', '', 'Xã B,2,1', '   '));
  t.same(errors, []);
  t.same(areas.map((a) => [a.code, a.name, a.parentCode]), [['1', 'Tỉnh A', null], ['2', 'Xã B', '1']]);
  t.end();
});

t.test('every bad line is reported with its own line number, in both languages', (t) => {
  const text = lines(
    'code,name,parent_code,time_zone', // 1
    '67,Tỉnh Đắk Nông,,', // 2 ok
    '663,,67,', // 3 empty name
    '6 64,Huyện Krông Nô,67,', // 4 bad code
    '665,Huyện Đắk Song,67,Asia/Đà_Lạt', // 5 bad zone
    '663,Huyện Đắk Mil (lần hai),67,', // 6 duplicate of line 3
    '24670,Thị trấn Đắk Mil,999,', // 7 unknown parent
    '"24700,Xã Nam Xuân,664', // 8: quote opened, never closed (runs to the end)
  );
  const { errors } = parseAreaCsv(text);
  t.same(brief(errors), [
    [3, 'HUB_ERR_AREA_INVALID'],
    [4, 'HUB_ERR_AREA_INVALID'],
    [5, 'HUB_ERR_AREA_INVALID'],
    [6, 'HUB_ERR_AREA_INVALID'],
    [7, 'HUB_ERR_AREA_UNKNOWN'],
    [8, 'HUB_ERR_AREA_CSV'],
  ]);
  t.match(errors[0], { areaCode: '663', messageVi: 'Tên địa bàn để trống', messageEn: 'The area name is empty' });
  t.match(errors[3]?.messageVi, /trùng với dòng 3/);
  t.match(errors[4], { messageVi: /"999" không có trong tệp/, messageEn: /"999" is neither in the file nor already in the system/ });
  t.end();
});

t.test('line numbers count physical lines, including line breaks inside quoted names', (t) => {
  const text = 'code,name,parent_code\r\n1,"Tỉnh\r\nhai dòng",\r\n2,,1\r\n';
  t.same(brief(parseAreaCsv(text).errors), [[4, 'HUB_ERR_AREA_INVALID']]);
  t.end();
});

t.test('parents may already exist in the system', (t) => {
  const text = lines('code,name,parent_code', '24715,Xã Nâm Nung,664');
  t.same(brief(parseAreaCsv(text).errors), [[2, 'HUB_ERR_AREA_UNKNOWN']], 'unknown without the existing tree');
  const { areas, errors } = parseAreaCsv(text, [{ code: '67', parentCode: null }, { code: '664', parentCode: '67' }]);
  t.same(errors, []);
  t.equal(areas.length, 1);
  t.end();
});

t.test('cycles are reported on each line that forms them, also through existing areas', (t) => {
  const inFile = parseAreaCsv(lines('code,name,parent_code', '1,A,3', '2,B,1', '3,C,2', '4,D,1'));
  t.same(brief(inFile.errors), [[2, 'HUB_ERR_AREA_CYCLE'], [3, 'HUB_ERR_AREA_CYCLE'], [4, 'HUB_ERR_AREA_CYCLE']]);
  t.match(inFile.errors[0]?.messageVi, /Vòng lặp cấp trên: 1 → 3 → 2 → 1/);
  t.same(brief(parseAreaCsv(lines('code,name,parent_code', '5,E,5')).errors), [[2, 'HUB_ERR_AREA_CYCLE']], 'own parent');

  // Stored: 67 ← 663 ← 24670. The file re-parents 67 under 24670.
  const existing = [{ code: '67', parentCode: null }, { code: '663', parentCode: '67' }, { code: '24670', parentCode: '663' }];
  const across = parseAreaCsv(lines('code,name,parent_code', '67,Tỉnh Đắk Nông,24670'), existing);
  t.same(brief(across.errors), [[2, 'HUB_ERR_AREA_CYCLE']]);
  t.match(across.errors[0]?.messageEn, /67 → 24670 → 663 → 67/);
  t.end();
});

t.test('a chain longer than a signed area chain may carry is refused on the line that makes it so', (t) => {
  const rows = Array.from({ length: MAX_AREA_DEPTH + 2 }, (_, i) => `L${i},Cấp ${i},${i === 0 ? '' : `L${i - 1}`}`);
  const { errors } = parseAreaCsv(lines('code,name,parent_code', ...rows));
  t.same(brief(errors), [[MAX_AREA_DEPTH + 3, 'HUB_ERR_AREA_INVALID']]);
  t.match(errors[0]?.messageEn, new RegExp(`deeper than ${MAX_AREA_DEPTH + 1} levels`));
  t.end();
});

t.test('header and syntax problems', (t) => {
  const cases: [string, string, [number, string][]][] = [
    ['empty file', '', [[1, 'HUB_ERR_AREA_CSV']]],
    ['only a BOM and blank lines', '\uFEFF\r\n\r\n', [[1, 'HUB_ERR_AREA_CSV']]],
    ['missing parent_code column', lines('code,name', '1,A'), [[1, 'HUB_ERR_AREA_CSV']]],
    ['unknown column', lines('code,name,parent_code,level', '1,A,,tỉnh'), [[1, 'HUB_ERR_AREA_CSV']]],
    ['wrong number of fields', lines('code,name,parent_code', '1,A', '2,B,1,extra'), [[2, 'HUB_ERR_AREA_CSV'], [3, 'HUB_ERR_AREA_CSV']]],
    ['text after a closing quote', lines('code,name,parent_code', '1,"A"x,'), [[2, 'HUB_ERR_AREA_CSV']]],
  ];
  for (const [name, text, expected] of cases) t.same(brief(parseAreaCsv(text).errors), expected, name);
  t.same(parseAreaCsv(lines('code,name,parent_code')), { areas: [], errors: [] }, 'a header alone is an empty import');
  t.end();
});

t.test('the demo province round-trips through the CSV format', (t) => {
  const text = formatAreaCsv(DEMO_PROVINCE);
  t.ok(text.startsWith('\uFEFFcode,name,parent_code,time_zone\r\n'), 'BOM and CRLF for Excel');
  const { areas, errors } = parseAreaCsv(text);
  t.same(errors, []);
  t.same(areas, DEMO_PROVINCE.map(({ code, name, parentCode, timeZone }) => ({ code, name, parentCode, timeZone })));
  t.end();
});

// Names as officials type them: Vietnamese letters, commas, quotes, apostrophes, even line breaks.
const nameChar = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠắằẳẵặếềểễệ ,"\'\r\n-()'.split(''));
const flatArea = fc.record({
  name: fc.array(nameChar, { minLength: 1, maxLength: 30 }).map((cs) => `X${cs.join('')}X`),
  timeZone: fc.constantFrom('Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC'),
});

t.test('property: formatAreaCsv then parseAreaCsv gives the areas back', (t) => {
  fc.assert(
    fc.property(fc.array(flatArea, { minLength: 1, maxLength: 20 }), (specs) => {
      const areas: Area[] = specs.map((s, i) => ({ code: `A${i}`, parentCode: i === 0 ? null : `A${(i - 1) % 3}`, ...s }));
      const parsed = parseAreaCsv(formatAreaCsv(areas));
      return parsed.errors.length === 0 && JSON.stringify(parsed.areas) === JSON.stringify(areas.map((a) => ({
        code: a.code, name: a.name, parentCode: a.parentCode, timeZone: a.timeZone,
      })));
    }),
  );
  t.end();
});
