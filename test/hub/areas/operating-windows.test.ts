import t from 'tap';
import {
  DEFAULT_WINDOWS, clockToMinutes, validateWindows, windowsContain,
} from '../../../hub/src/areas/index.js';

t.test('defaults are those of Điều 10, QĐ 993/2024', (t) => {
  // Điều 10.1: đài truyền thanh cấp xã, 05:00–06:30 and 17:00–18:30.
  t.same(DEFAULT_WINDOWS.loudspeaker, [{ start: '05:00', end: '06:30' }, { start: '17:00', end: '18:30' }]);
  // Điều 10.2: bảng tin điện tử công cộng, every day, 05:00–07:00 and 17:00–22:00.
  t.same(DEFAULT_WINDOWS.led, [{ start: '05:00', end: '07:00' }, { start: '17:00', end: '22:00' }]);
  t.ok(Object.isFrozen(DEFAULT_WINDOWS.loudspeaker), 'nobody can edit the defaults in place');
  t.end();
});

t.test('clock times', (t) => {
  const cases: [string, number | undefined][] = [
    ['00:00', 0], ['05:30', 330], ['23:59', 1439], ['24:00', 1440],
    ['24:01', undefined], ['25:00', undefined], ['5:30', undefined], ['05:60', undefined], ['', undefined], ['05:30:00', undefined],
  ];
  for (const [clock, minutes] of cases) t.equal(clockToMinutes(clock), minutes, clock);
  t.end();
});

t.test('valid window lists come back sorted', (t) => {
  t.same(validateWindows([{ start: '17:00', end: '18:30' }, { start: '05:00', end: '06:30' }]), DEFAULT_WINDOWS.loudspeaker);
  t.same(validateWindows([{ start: '05:00', end: '06:30' }, { start: '06:30', end: '07:00' }]).length, 2, 'touching is not overlapping');
  t.same(validateWindows([{ start: '20:00', end: '24:00' }]), [{ start: '20:00', end: '24:00' }], 'until midnight');
  t.same(validateWindows([]), [], 'no windows: emergencies only (Điều 10: outside the windows only urgent broadcasts)');
  t.end();
});

t.test('invalid window lists are refused with HUB_ERR_WINDOW_INVALID', (t) => {
  const cases: [string, { start: string; end: string }[]][] = [
    ['end before start', [{ start: '18:00', end: '17:00' }]],
    ['empty window', [{ start: '05:00', end: '05:00' }]],
    ['across midnight', [{ start: '22:00', end: '02:00' }]],
    ['start at 24:00', [{ start: '24:00', end: '24:00' }]],
    ['malformed time', [{ start: '5h', end: '06:00' }]],
    ['overlap', [{ start: '05:00', end: '07:00' }, { start: '06:30', end: '08:00' }]],
    ['overlap given out of order', [{ start: '17:00', end: '22:00' }, { start: '05:00', end: '07:00' }, { start: '06:00', end: '06:10' }]],
  ];
  for (const [name, windows] of cases) t.throws(() => validateWindows(windows), { code: 'HUB_ERR_WINDOW_INVALID' }, name);
  t.end();
});

t.test('windowsContain: start inclusive, end exclusive', (t) => {
  const w = DEFAULT_WINDOWS.loudspeaker;
  const cases: [string, number, boolean][] = [
    ['03:15, the misconfigured relay incident', 3 * 60 + 15, false],
    ['05:00', 300, true],
    ['06:29', 389, true],
    ['06:30', 390, false],
    ['17:45', 17 * 60 + 45, true],
    ['18:30', 18 * 60 + 30, false],
  ];
  for (const [name, minute, inside] of cases) t.equal(windowsContain(w, minute), inside, name);
  t.end();
});
