import { buildPointSet, checkCount, type PointSet, type PointSetOptions } from './point-set';

export interface SpiralsOptions extends PointSetOptions {
  /** Number of arms, one class each (default 3). */
  classes?: number;
}

/**
 * Interleaved spiral arms (the CS231n toy set): arm k turns from the origin out to radius 1, rotated
 * by 2πk/classes. Default noise 0.05.
 */
export function spirals(options: SpiralsOptions): PointSet {
  const classes = checkCount('spirals', 'classes', options?.classes ?? 3, 1, 256);
  const n = options?.n;
  return buildPointSet('spirals', options, 0.05, classes, (i, label, _rng, out) => {
    const armSize = Math.floor((n - 1 - label) / classes) + 1;
    const r = armSize > 1 ? Math.floor(i / classes) / (armSize - 1) : 0;
    const t = (2 * Math.PI * label) / classes + 4 * r;
    out[0] = r * Math.sin(t);
    out[1] = r * Math.cos(t);
  });
}
