export interface Series {
  label: string;
  color: string;
  points: [number, number][];
}

export interface ChartOptions {
  title: string;
  /** Fixed y range, or undefined to fit the data (from 0). */
  yRange?: [number, number];
  /** Right end of the x axis (the planned number of steps). */
  xMax: number;
  format: (y: number) => string;
}

const PAD = { left: 44, right: 10, top: 22, bottom: 22 };

function niceTop(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= max) ?? max;
}

/** Redraws a line chart at the canvas's CSS size (sharp on high-density screens). */
export function drawLineChart(canvas: HTMLCanvasElement, series: Series[], options: ChartOptions): void {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 300;
  const height = canvas.clientHeight || 160;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const all = series.flatMap((s) => s.points.map((p) => p[1]));
  const [y0, y1] = options.yRange ?? [0, niceTop(Math.max(0, ...all))];
  const xMax = Math.max(1, options.xMax);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const px = (x: number) => PAD.left + (x / xMax) * plotW;
  const py = (y: number) => PAD.top + (1 - (Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * plotH;

  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#52606d';
  g.strokeStyle = '#e4e7eb';
  g.lineWidth = 1;
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const y = y0 + ((y1 - y0) * i) / 4;
    g.beginPath();
    g.moveTo(PAD.left, py(y));
    g.lineTo(width - PAD.right, py(y));
    g.stroke();
    g.fillText(options.format(y), PAD.left - 4, py(y));
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  g.fillText('0', px(0), height - PAD.bottom + 4);
  g.fillText(`${xMax} steps`, px(xMax) - 24, height - PAD.bottom + 4);

  g.textAlign = 'left';
  g.font = '600 12px system-ui, sans-serif';
  g.fillStyle = '#1f2933';
  g.fillText(options.title, PAD.left, 4);
  let legendX = PAD.left + g.measureText(options.title).width + 14;
  g.font = '11px system-ui, sans-serif';
  for (const s of series) {
    g.fillStyle = s.color;
    g.fillRect(legendX, 8, 12, 3);
    g.fillText(s.label, legendX + 16, 4);
    legendX += 28 + g.measureText(s.label).width;
  }

  g.lineWidth = 2;
  for (const s of series) {
    g.strokeStyle = s.color;
    g.fillStyle = s.color;
    g.beginPath();
    for (const [i, [x, y]] of s.points.entries()) {
      if (i === 0) g.moveTo(px(x), py(y));
      else g.lineTo(px(x), py(y));
    }
    g.stroke();
    if (s.points.length === 1) g.fillRect(px(s.points[0][0]) - 2, py(s.points[0][1]) - 2, 4, 4);
  }
}
