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
      const xOf = (epoch: number) =>
        rect.x + (epochs === 1 ? rect.w / 2 : ((epoch - 1) / (epochs - 1)) * rect.w);
      const yOf = (value: number) => rect.y + rect.h - ((value - lo) / (hi - lo)) * rect.h;
      return {
        title: panel.title,
        rect,
        xTicks: epochTicks(epochs).map((e) => ({ at: xOf(e), label: String(e) })),
        yTicks: Array.from({ length: Y_TICKS }, (_, k) => {
          const value = lo + ((hi - lo) * k) / (Y_TICKS - 1);
          return { at: yOf(value), label: tickLabel(value) };
        }),
        lines: panel.series.map((s, k) => ({
          label: s.label,
          colour: SERIES_COLOURS[k % SERIES_COLOURS.length],
          points: s.values.map((v, i) => [xOf(i + 1), yOf(v)] as [number, number]),
        })),
      };
    }),
  };
}
