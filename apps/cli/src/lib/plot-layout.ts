import { type Panel, tickLabel, valueRange } from './curves';

/** matplotlib's first two colours, as in the seeds' figure. */
export const SERIES_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Tick {
  /** Pixel position along the axis. */
  at: number;
  label: string;
}

export interface PanelLayout {
  title: string;
  xLabel: string;
  rect: Rect;
  xTicks: Tick[];
  yTicks: Tick[];
  lines: { label: string; colour: string; points: [number, number][] }[];
}

export interface PlotLayout {
  width: number;
  height: number;
  panels: PanelLayout[];
}

const MARGIN = { left: 64, right: 16, top: 32, bottom: 44 };
const Y_TICKS = 5;

function epochTicks(epochs: number): number[] {
  const step = Math.max(1, Math.ceil(epochs / 10));
  const ticks: number[] = [];
  for (let e = 1; e <= epochs; e += step) ticks.push(e);
  if (ticks[ticks.length - 1] !== epochs) ticks.push(epochs);
  return ticks;
}

/** Pixel x of the i-th value, and the ticks: epochs 1, 2, …, or the panel's own x values (decades on a log scale). */
function xScale(panel: Panel, epochs: number, rect: Rect): { ofIndex(i: number): number; ticks: Tick[] } {
  const along = (f: number) => rect.x + f * rect.w;
  if (!panel.x) {
    const xOf = (epoch: number) => along(epochs === 1 ? 0.5 : (epoch - 1) / (epochs - 1));
    return {
      ofIndex: (i) => xOf(i + 1),
      ticks: epochTicks(epochs).map((e) => ({ at: xOf(e), label: String(e) })),
    };
  }
  const scale = panel.x.log ? Math.log10 : (v: number) => v;
  const positions = panel.x.values.map(scale);
  const [lo, hi] = [Math.min(...positions), Math.max(...positions)];
  const fraction = (p: number) => (hi === lo ? 0.5 : (p - lo) / (hi - lo));
  const ticks = panel.x.log
    ? Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, k) => Math.ceil(lo) + k).map((d) => ({
        at: along(fraction(d)),
        label: tickLabel(10 ** d),
      }))
    : [lo, hi].map((v) => ({ at: along(fraction(v)), label: tickLabel(v) }));
  return { ofIndex: (i) => along(fraction(positions[i])), ticks };
}

/** Panels side by side, each with its axes, ticks and one polyline per series, in pixels. */
export function layoutPlot(panels: readonly Panel[], width = 900, height = 360): PlotLayout {
  const panelWidth = width / panels.length;
  return {
    width,
    height,
    panels: panels.map((panel, p) => {
      const rect: Rect = {
        x: p * panelWidth + MARGIN.left,
        y: MARGIN.top,
        w: panelWidth - MARGIN.left - MARGIN.right,
        h: height - MARGIN.top - MARGIN.bottom,
      };
      const epochs = Math.max(1, ...panel.series.map((s) => s.values.length));
      const [lo, hi] = valueRange(panel);
      const x = xScale(panel, epochs, rect);
      const yOf = (value: number) => rect.y + rect.h - ((value - lo) / (hi - lo)) * rect.h;
      return {
        title: panel.title,
        xLabel: panel.x?.label ?? 'epoch',
        rect,
        xTicks: x.ticks,
        yTicks: Array.from({ length: Y_TICKS }, (_, k) => {
          const value = lo + ((hi - lo) * k) / (Y_TICKS - 1);
          return { at: yOf(value), label: tickLabel(value) };
        }),
        lines: panel.series.map((s, k) => ({
          label: s.label,
          colour: SERIES_COLOURS[k % SERIES_COLOURS.length],
          points: s.values.map((v, i) => [x.ofIndex(i), yOf(v)] as [number, number]),
        })),
      };
    }),
  };
}
