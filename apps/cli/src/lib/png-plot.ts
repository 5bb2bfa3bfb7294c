import { Canvas, parseHexColour, type Rgb } from './canvas';
import type { Panel } from './curves';
import { layoutPlot, type PanelLayout } from './plot-layout';
import { encodePng } from './png-encode';

const INK: Rgb = [51, 51, 51];
const GRID: Rgb = [221, 221, 221];

function drawPanel(canvas: Canvas, panel: PanelLayout): void {
  const { rect } = panel;
  const bottom = rect.y + rect.h;
  canvas.text(panel.title, rect.x + rect.w / 2, rect.y - 20, INK, 2, 'middle');
  for (const t of panel.yTicks) {
    canvas.line(rect.x, t.at, rect.x + rect.w, t.at, GRID);
    canvas.text(t.label, rect.x - 6, t.at - 5, INK, 2, 'end');
  }
  for (const t of panel.xTicks) {
    canvas.line(t.at, bottom, t.at, bottom + 4, INK);
    canvas.text(t.label, t.at, bottom + 9, INK, 2, 'middle');
  }
  canvas.text('epoch', rect.x + rect.w / 2, bottom + 26, INK, 2, 'middle');
  canvas.strokeRect(rect.x, rect.y, rect.w, rect.h, INK);
  panel.lines.forEach((line, k) => {
    const colour = parseHexColour(line.colour);
    line.points.forEach(([x, y], i) => {
      if (i > 0) canvas.line(line.points[i - 1][0], line.points[i - 1][1], x, y, colour, 2);
      canvas.fillRect(x - 2, y - 2, 5, 5, colour);
    });
    const ly = rect.y + 10 + k * 16;
    canvas.line(rect.x + 8, ly + 4, rect.x + 28, ly + 4, colour, 2);
    canvas.text(line.label, rect.x + 34, ly, INK);
  });
}

/** The training curves rasterised to a PNG (same layout as the SVG). */
export function renderPngPlot(panels: readonly Panel[]): Uint8Array {
  const layout = layoutPlot(panels);
  const canvas = new Canvas(layout.width, layout.height);
  for (const panel of layout.panels) drawPanel(canvas, panel);
  return encodePng(canvas.image);
}
