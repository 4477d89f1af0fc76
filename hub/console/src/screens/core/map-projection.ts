// Places devices on a plain SVG by their coordinates: no tile server, no map images (issue 9: it must work offline on
// a closed provincial network). Equirectangular with the longitude scaled by cos(latitude) so a commune is not
// stretched sideways, fitted to the box with a margin. Pure.

export interface GeoPoint {
  readonly id: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export interface Projection {
  readonly width: number;
  readonly height: number;
  readonly points: readonly Placed[];
  /** Metres across the drawing at the centre latitude, for a scale bar. */
  readonly metresPerUnit: number;
}

const EARTH_METRES_PER_DEGREE = 111_320;
/** A single device, or devices on one spot, still get a view about 2 km wide. */
const MIN_SPAN_DEGREES = 0.02;

export function project(points: readonly GeoPoint[], width: number, height: number, margin = 24): Projection {
  if (points.length === 0) return { width, height, points: [], metresPerUnit: 0 };
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((l) => l * k);
  const ys = lats;
  const spanX = Math.max(Math.max(...xs) - Math.min(...xs), MIN_SPAN_DEGREES * k);
  const spanY = Math.max(Math.max(...ys) - Math.min(...ys), MIN_SPAN_DEGREES);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  return {
    width,
    height,
    points: points.map((p) => ({
      id: p.id,
      x: width / 2 + (p.longitude * k - cx) * scale,
      // North is up: larger latitude, smaller y.
      y: height / 2 - (p.latitude - cy) * scale,
    })),
    metresPerUnit: EARTH_METRES_PER_DEGREE / scale,
  };
}

/** A round scale-bar length (1, 2 or 5 × 10^n metres) that fits in `maxUnits` drawing units. */
export function scaleBar(metresPerUnit: number, maxUnits: number): { metres: number; units: number } {
  const maxMetres = metresPerUnit * maxUnits;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= maxMetres) ?? power;
  return { metres, units: metres / metresPerUnit };
}
