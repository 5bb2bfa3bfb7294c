import { describe, expect, it } from 'vitest';
import { exponentialLrs, steepestDescent, sweepLr, sweepPanel } from './lr-find';
import { renderSvgPlot } from './svg-plot';
import { textChart } from './text-chart';

// A loss that is flat at 2 for small lrs, falls fastest around lr 1e-2, bottoms out and blows up past 1.
const lossAt = (lr: number) => {
  const x = Math.log10(lr);
  return x < 0 ? 1 + 1 / (1 + Math.exp(3 * (x + 2))) : 1 + 100 * x * x;
};

describe('lr-find', () => {
  it('sweeps exponentially from start to end', () => {
    const lrs = exponentialLrs(1e-6, 1, 7);
    lrs.forEach((lr, i) => {
      expect(lr).toBeCloseTo(10 ** (i - 6), 15);
    });
    expect(exponentialLrs(0.1, 1, 1)).toEqual([0.1]);
  });

  it('stops when the smoothed loss diverges and suggests the steepest descent', () => {
    const seen: number[] = [];
    const sweep = sweepLr(
      (lr) => {
        seen.push(lr);
        return lossAt(lr);
      },
      { startLr: 1e-5, endLr: 100, steps: 141, smoothing: 0 },
    );
    expect(sweep.divergedAt).toBe(seen.at(-1));
    expect(sweep.divergedAt).toBeLessThan(10);
    expect(seen.length).toBe(sweep.lrs.length + 1);
    expect(Math.log10(sweep.suggestion ?? 0)).toBeCloseTo(-2, 1);
  });

  it('smooths with a bias-corrected running mean', () => {
    const sweep = sweepLr(() => 3, { startLr: 1e-3, endLr: 1, steps: 5 });
    expect(sweep.divergedAt).toBeUndefined();
    expect(sweep.smoothed.map((v) => Number(v.toFixed(12)))).toEqual([3, 3, 3, 3, 3]);
    expect(steepestDescent([1, 2], [1, 0])).toBeUndefined();
  });

  it('plots loss against lr on a log scale, with decade ticks', () => {
    const sweep = sweepLr(lossAt, { startLr: 1e-4, endLr: 1, steps: 30 });
    const svg = renderSvgPlot([sweepPanel(sweep)]);
    expect(svg).toContain('>lr</text>');
    for (const tick of ['1.0e-4', '0.001', '0.010', '0.100']) expect(svg).toContain(`>${tick}</text>`);
    expect(textChart(sweepPanel(sweep)).split('\n').at(-1)).toMatch(/^ +lr 1\.0e-4 +[\d.e-]+$/);
  });
});
