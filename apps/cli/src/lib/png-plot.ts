import { Resvg } from '@resvg/resvg-js';
import type { Panel } from './curves';
import { renderSvgPlot } from './svg-plot';

/**
 * The training curves as a PNG: the SVG plot rendered by resvg, so the two files cannot drift apart.
 * Text uses the first of the SVG's fonts that the system has (resvg draws no text where it has none).
 */
export function renderPngPlot(panels: readonly Panel[]): Uint8Array {
  const svg = renderSvgPlot(panels);
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'sans-serif' } })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
