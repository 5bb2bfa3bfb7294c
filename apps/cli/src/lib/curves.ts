import type { EpochLog } from '@scratchnet/train';

export interface Series {
  label: string;
  /** One value per epoch (epoch 1 first). */
  values: number[];
}

/** What the series are plotted against, when not epochs: one x per value, on a log scale when `log`. */
export interface XAxis {
  label: string;
  values: number[];
  log?: boolean;
}

export interface Panel {
  title: string;
  series: Series[];
  /** Absent: epochs 1, 2, … */
  x?: XAxis;
}

/** The seeds' figure: accuracy and loss per epoch, training and validation. */
export function trainingCurves(history: readonly EpochLog[]): Panel[] {
  const pick = (key: keyof EpochLog) => history.map((log) => log[key] as number | undefined);
  const panel = (title: string, trainKey: keyof EpochLog, valKey: keyof EpochLog): Panel => {
    const series: Series[] = [{ label: 'train', values: pick(trainKey) as number[] }];
    const val = pick(valKey);
    if (val.every((v) => v !== undefined)) series.push({ label: 'validation', values: val as number[] });
    return { title, series };
  };
  return [panel('accuracy', 'accuracy', 'valAccuracy'), panel('loss', 'loss', 'valLoss')];
}

/** [min, max] over every series, widened when flat so that a line is still drawn mid-panel. */
export function valueRange(panel: Panel): [number, number] {
  const all = panel.series.flatMap((s) => s.values).filter(Number.isFinite);
  if (all.length === 0) return [0, 1];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  if (hi - lo < 1e-12)
    return [lo - 0.5 * Math.max(Math.abs(lo), 1e-3), hi + 0.5 * Math.max(Math.abs(hi), 1e-3)];
  return [lo, hi];
}

/** Value of a series at fractional epoch position t in [0, n - 1], linearly interpolated. */
export function valueAt(values: readonly number[], t: number): number {
  if (values.length === 1) return values[0];
  const i = Math.min(values.length - 2, Math.floor(t));
  const f = t - i;
  return values[i] * (1 - f) + values[i + 1] * f;
}

/** A short label for an axis value. */
export function tickLabel(value: number): string {
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return value.toExponential(1);
  return a >= 10 ? value.toFixed(1) : value.toFixed(3);
}
