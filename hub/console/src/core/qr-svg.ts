// Draws a QrCode as one SVG path with the 4-module quiet zone the standard requires (§6.3.8), black on white even in
// a dark theme, because phone cameras read it best that way.
import { svg } from './dom.js';
import { encodeQr } from './qr.js';

const QUIET = 4;

/** One path of 1×1 squares; crisp at any size. */
export function qrPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (dark) parts.push(`M${c + QUIET} ${r + QUIET}h1v1h-1z`);
    }),
  );
  return parts.join('');
}

/** `qrSvg(otpauthUri, label)`: an <svg role="img"> of the text, labelled for screen readers. */
export function qrSvg(text: string, label: string, pixels = 200): SVGSVGElement {
  const code = encodeQr(text);
  const extent = code.size + QUIET * 2;
  return svg(
    'svg',
    { class: 'qr', viewBox: `0 0 ${extent} ${extent}`, width: pixels, height: pixels, role: 'img', 'aria-label': label, 'shape-rendering': 'crispEdges', dataset: { version: String(code.version) } },
    svg('title', null, label),
    svg('rect', { width: extent, height: extent, fill: '#fff' }),
    svg('path', { d: qrPath(code.modules), fill: '#000' }),
  );
}
