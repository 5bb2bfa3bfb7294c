import type { Panel } from './curves';

export interface LrSweepOptions {
  startLr: number;
  endLr: number;
  /** Batches in the sweep: one optimizer step at each lr. */
  steps: number;
  /** Weight of the running mean of the loss (fast.ai's 0.98; its start is bias-corrected). */
  smoothing?: number;
  /** The sweep ends once the smoothed loss exceeds this many times its lowest value. */
  divergeFactor?: number;
}

export interface LrSweep {
  lrs: number[];
  losses: number[];
  smoothed: number[];
  /** The lr at which the smoothed loss blew up (absent when the sweep ran to the end). */
  divergedAt?: number;
  /** The lr where the smoothed loss falls fastest against log lr (absent with under 3 points). */
  suggestion?: number;
}

/** steps lrs from startLr to endLr, equally spaced on a log scale. */
export function exponentialLrs(startLr: number, endLr: number, steps: number): number[] {
  if (steps === 1) return [startLr];
  return Array.from({ length: steps }, (_, i) => startLr * (endLr / startLr) ** (i / (steps - 1)));
}

/**
 * The lr range test (Smith 2017; fast.ai's and torch-lr-finder's lr_find): one training step at
 * each lr of an exponential sweep, recording the loss, until the smoothed loss diverges.
 */
export function sweepLr(trainStep: (lr: number) => number, options: LrSweepOptions): LrSweep {
  const { startLr, endLr, steps, smoothing = 0.98, divergeFactor = 4 } = options;
  const sweep: LrSweep = { lrs: [], losses: [], smoothed: [] };
  let mean = 0;
  let best = Number.POSITIVE_INFINITY;
  for (const [i, lr] of exponentialLrs(startLr, endLr, steps).entries()) {
    const loss = trainStep(lr);
    mean = smoothing * mean + (1 - smoothing) * loss;
    const smoothed = mean / (1 - smoothing ** (i + 1));
    if (!Number.isFinite(smoothed) || smoothed > divergeFactor * best) {
      sweep.divergedAt = lr;
      break;
    }
    best = Math.min(best, smoothed);
    sweep.lrs.push(lr);
    sweep.losses.push(loss);
    sweep.smoothed.push(smoothed);
  }
  sweep.suggestion = steepestDescent(sweep.lrs, sweep.smoothed);
  return sweep;
}

/** The lr at the most negative slope of loss against log10(lr) (central differences, as numpy.gradient). */
export function steepestDescent(lrs: readonly number[], losses: readonly number[]): number | undefined {
  if (lrs.length < 3) return undefined;
  const x = lrs.map(Math.log10);
  let bestAt = 1;
  let bestSlope = Number.POSITIVE_INFINITY;
  for (let i = 1; i < lrs.length - 1; i++) {
    const slope = (losses[i + 1] - losses[i - 1]) / (x[i + 1] - x[i - 1]);
    if (slope < bestSlope) [bestSlope, bestAt] = [slope, i];
  }
  return lrs[bestAt];
}

/** The smoothed loss against the lr (log scale), for the text chart and --plot (a single batch's spike would flatten the rest). */
export function sweepPanel(sweep: LrSweep): Panel {
  return {
    title: 'loss',
    x: { label: 'lr', values: sweep.lrs, log: true },
    series: [{ label: 'smoothed training loss', values: sweep.smoothed }],
  };
}
