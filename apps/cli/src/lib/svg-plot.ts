import type { Panel } from './curves';
import { layoutPlot, type PanelLayout } from './plot-layout';

/** Sans-serif fonts in order of preference: browsers and resvg (png-plot.ts) take the first they have. */
const FONTS = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif";

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number) => n.toFixed(1);

function panelSvg(panel: PanelLayout): string {
  const { rect } = panel;
  const bottom = rect.y + rect.h;
  const parts: string[] = [
    `<text x="${num(rect.x + rect.w / 2)}" y="${num(rect.y - 12)}" text-anchor="middle" font-size="14">${escapeXml(panel.title)}</text>`,
    `<rect x="${num(rect.x)}" y="${num(rect.y)}" width="${num(rect.w)}" height="${num(rect.h)}" fill="none" stroke="#333"/>`,
  ];
  for (const t of panel.yTicks) {
    parts.push(
      `<line x1="${num(rect.x)}" x2="${num(rect.x + rect.w)}" y1="${num(t.at)}" y2="${num(t.at)}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${num(rect.x - 6)}" y="${num(t.at + 4)}" text-anchor="end" font-size="11">${escapeXml(t.label)}</text>`,
    );
  }
  for (const t of panel.xTicks) {
    parts.push(
      `<line x1="${num(t.at)}" x2="${num(t.at)}" y1="${num(bottom)}" y2="${num(bottom + 4)}" stroke="#333"/>`,
    );
    parts.push(
      `<text x="${num(t.at)}" y="${num(bottom + 17)}" text-anchor="middle" font-size="11">${escapeXml(t.label)}</text>`,
    );
  }
  parts.push(
    `<text x="${num(rect.x + rect.w / 2)}" y="${num(bottom + 34)}" text-anchor="middle" font-size="12">${escapeXml(panel.xLabel)}</text>`,
  );
  panel.lines.forEach((line, k) => {
    const points = line.points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${line.colour}" stroke-width="2"/>`);
    for (const [x, y] of line.points)
      parts.push(`<circle cx="${num(x)}" cy="${num(y)}" r="3" fill="${line.colour}"/>`);
    const ly = rect.y + 14 + k * 16;
    parts.push(
      `<line x1="${num(rect.x + 8)}" x2="${num(rect.x + 28)}" y1="${num(ly - 4)}" y2="${num(ly - 4)}" stroke="${line.colour}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${num(rect.x + 34)}" y="${num(ly)}" font-size="11">${escapeXml(line.label)}</text>`);
  });
  return parts.join('\n');
}

/** The training curves as a standalone SVG document. */
export function renderSvgPlot(panels: readonly Panel[]): string {
  const layout = layoutPlot(panels);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="${FONTS}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...layout.panels.map(panelSvg),
    '</svg>',
    '',
  ].join('\n');
}
