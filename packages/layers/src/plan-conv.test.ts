import { describe, expect, it } from 'vitest';
import { applyConvPlan, type ConvPlanStep, planConv } from './plan-conv';

/** Every stride-1 plan with kernels ≤ maxK and paddings ≤ maxP reaching `output`, by exhaustive search. */
function bruteForcePlans(
  input: number,
  output: number,
  layers: number,
  maxK: number,
  maxP: number,
): ConvPlanStep[][] {
  const plans: ConvPlanStep[][] = [];
  const extend = (size: number, plan: ConvPlanStep[]) => {
    if (plan.length === layers) {
      if (size === output) plans.push(plan);
      return;
    }
    for (let k = 1; k <= maxK; k++) {
      for (let p = 0; p <= maxP; p++) {
        const next = size + 2 * p - k + 1;
        if (k <= size + 2 * p && next >= 1) extend(next, [...plan, { kernelSize: k, padding: p }]);
      }
    }
  };
  extend(input, []);
  return plans;
}

const totalPadding = (plan: ConvPlanStep[]) => plan.reduce((t, s) => t + s.padding, 0);
const largestKernel = (plan: ConvPlanStep[]) => Math.max(...plan.map((s) => s.kernelSize));

describe('planConv (the seeds’ find_conv)', () => {
  for (const [input, output] of [
    [21, 25],
    [20, 25],
    [25, 20],
    [7, 7],
    [3, 1],
  ]) {
    it(`planConv(${input}, ${output}, 3) reaches ${output} with the least padding (checked by brute force)`, () => {
      const plan = planConv(input, output, 3);
      expect(plan).toHaveLength(3);
      const sizes = applyConvPlan(input, plan);
      expect(sizes.at(-1)).toBe(output);
      const all = bruteForcePlans(input, output, 3, 8, 4);
      const best = Math.min(...all.map(totalPadding));
      expect(totalPadding(plan)).toBe(best);
      // Tie-break: among the least-padding plans, no other has a smaller largest kernel.
      const bestKernel = Math.min(...all.filter((p) => totalPadding(p) === best).map(largestKernel));
      expect(largestKernel(plan)).toBe(bestKernel);
    });
  }

  it('gives the seeds’ examples with the padding spread and kernels kept small', () => {
    // The seeds answered (1, 2), (1, 0), (1, 0): the same total padding 2, here spread evenly.
    expect(planConv(21, 25, 3)).toEqual([
      { kernelSize: 1, padding: 0 },
      { kernelSize: 1, padding: 1 },
      { kernelSize: 1, padding: 1 },
    ]);
    // The seeds answered one 6x6 kernel; three layers can share the shrink of 5 as 2x2, 3x3, 3x3.
    expect(planConv(25, 20, 3)).toEqual([
      { kernelSize: 2, padding: 0 },
      { kernelSize: 3, padding: 0 },
      { kernelSize: 3, padding: 0 },
    ]);
    expect(planConv(20, 25, 3).map((s) => s.kernelSize)).toEqual([1, 1, 2]);
    expect(totalPadding(planConv(20, 25, 3))).toBe(3);
  });

  it('rejects invalid arguments naming them', () => {
    expect(() => planConv(0, 5, 1)).toThrow('planConv: inputSize must be a positive integer, got 0');
    expect(() => planConv(5, 2.5, 1)).toThrow('planConv: outputSize must be a positive integer, got 2.5');
    expect(() => planConv(5, 5, -1)).toThrow('planConv: numLayers must be a positive integer, got -1');
    expect(() => planConv(5, 5, 1, { maxKernelSize: 0 })).toThrow('maxKernelSize must be a positive integer');
  });

  it('reports impossible plans', () => {
    expect(() => planConv(28, 10, 2, { maxKernelSize: 5 })).toThrow(
      'planConv: cannot map 28 to 10 in 2 layer(s): shrinking by 18',
    );
    expect(() => planConv(10, 13, 2, { maxKernelSize: 1 })).toThrow(
      'growing by an odd 3 needs one even kernel',
    );
    expect(planConv(28, 20, 2, { maxKernelSize: 5 })).toEqual([
      { kernelSize: 5, padding: 0 },
      { kernelSize: 5, padding: 0 },
    ]);
  });
});
