import type { Area } from './area.js';
import type { AreaRepository } from './area-repository.js';

const TZ = 'Asia/Ho_Chi_Minh';

function area(code: string, name: string, parentCode: string | null): Area {
  return { code, name, parentCode, timeZone: TZ };
}

/**
 * A demonstration province for a fresh hub, simulators and the console: real place names of Đắk Nông as they were
 * before the 2025 reorganisation (three local levels: tỉnh → huyện/thành phố → xã/phường/thị trấn), with codes in
 * the official pattern (province 2 digits, district 3, commune 5). Demo data: not a substitute for the GSO list.
 * One commune overrides its loudspeaker windows so inheritance is visible in the console.
 */
export const DEMO_PROVINCE: readonly Area[] = Object.freeze([
  area('67', 'Tỉnh Đắk Nông', null),

  area('660', 'Thành phố Gia Nghĩa', '67'),
  area('24611', 'Phường Nghĩa Đức', '660'),
  area('24612', 'Phường Nghĩa Thành', '660'),
  area('24628', 'Xã Đắk Nia', '660'),

  area('663', 'Huyện Đắk Mil', '67'),
  area('24670', 'Thị trấn Đắk Mil', '663'),
  area('24673', 'Xã Đắk Lao', '663'),
  area('24678', 'Xã Đức Mạnh', '663'),

  area('664', 'Huyện Krông Nô', '67'),
  area('24694', 'Thị trấn Đắk Mâm', '664'),
  area('24700', 'Xã Nam Xuân', '664'),
  {
    ...area('24715', 'Xã Nâm Nung', '664'),
    // A commune setting its own hours, as Điều 10.1 allows ("theo quy định của địa phương").
    windows: { loudspeaker: [{ start: '05:30', end: '06:30' }, { start: '17:30', end: '18:30' }] },
  },
]);

/** Seeds DEMO_PROVINCE into an empty hub; returns whether it did. Never touches a hub that has areas. */
export function loadDemoProvinceIfEmpty(repo: AreaRepository): Promise<boolean> {
  return repo.seedIfEmpty(DEMO_PROVINCE);
}
