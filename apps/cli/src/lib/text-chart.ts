import { type Panel, tickLabel, valueAt, valueRange } from './curves';

export interface TextChartOptions {
  width?: number;
  height?: number;
}

/** Marks per series, in order: training '*', validation 'o', then others. */
const MARKS = ['*', 'o', '+', 'x'];

/**
 * One panel as a character plot: y-axis labels on the left, one mark per column per series (later
 * series drawn over earlier ones), epochs (or the panel's x values, evenly spaced) along the bottom.
 */
export function textChart(panel: Panel, options: TextChartOptions = {}): string {
  const { width = 50, height = 8 } = options;
  const epochs = Math.max(...panel.series.map((s) => s.values.length));
  if (epochs === 0) return `${panel.title}: no data`;
  const [lo, hi] = valueRange(panel);
  const grid = Array.from({ length: height }, () => new Array<string>(width).fill(' '));
  panel.series.forEach((series, k) => {
    for (let col = 0; col < width; col++) {
      const t = width === 1 ? 0 : (col / (width - 1)) * (series.values.length - 1);
      const v = valueAt(series.values, t);
      if (!Number.isFinite(v)) continue;
      const row = height - 1 - Math.round(((v - lo) / (hi - lo)) * (height - 1));
      grid[Math.min(height - 1, Math.max(0, row))][col] = MARKS[k % MARKS.length];
    }
  });
  const labels = grid.map((_, r) => (r === 0 ? tickLabel(hi) : r === height - 1 ? tickLabel(lo) : ''));
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const lines = grid.map((row, r) => `${labels[r].padStart(labelWidth)} |${row.join('')}`.trimEnd());
  const axis = `${' '.repeat(labelWidth)} +${'-'.repeat(width)}`;
  const xs = panel.x?.values;
  const first = xs ? `${panel.x?.label} ${tickLabel(xs[0])}` : 'epoch 1';
  const last = xs ? tickLabel(xs[xs.length - 1]) : `${epochs}`;
  const epochLine = `${' '.repeat(labelWidth + 2)}${first}${last.padStart(width - first.length)}`;
  const legend = panel.series.map((s, k) => `${MARKS[k % MARKS.length]} ${s.label}`).join('   ');
  return [`${panel.title}   (${legend})`, ...lines, axis, epochLine].join('\n');
}
