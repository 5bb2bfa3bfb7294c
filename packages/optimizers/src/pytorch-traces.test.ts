import { describe, expect, it } from 'vitest';
import { fixture, fixtureParameters, loadGradients, makeOptimizer } from './test-support/fixture';

// Worst |ours - torch| over a parameter, relative to max |torch value| of that parameter.
function relativeError(actual: ArrayLike<number>, expected: number[]): number {
  let worst = 0;
  let scale = 0;
  expected.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual[i] - e));
    scale = Math.max(scale, Math.abs(e));
  });
  return worst / scale;
}

// float64: the same operations in the same order as torch's single-tensor path; only
// fused multiply-adds in torch's vectorised kernels and libm differences (pow) remain,
// a few ulps per step: 1e-12 relative after 8 steps.
// (Measured: 2.3e-16.)
// float32: torch rounds every intermediate (g + wd*p, sqrt(v), denominators) to float32.
// SGD and RMSprop round only what is stored (parameters and buffers): a few float32 ulps
// (6e-8) per step, compounding over 8 steps: 1e-6 relative. (Measured: 2.2e-7.) Adam's kernel
// rounds every operation in torch's order; only the fused multiply-add of torch's vectorised
// lerp differs. (Measured: 7.0e-8.)
const tolerance = { float64: 1e-12, float32: 1e-6 };

describe('optimizer traces agree with PyTorch (fixtures/generate.py)', () => {
  for (const c of fixture.optimizers) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${c.optimizer} ${JSON.stringify(c.options)} (${dtype})`, () => {
        const params = fixtureParameters(dtype);
        const opt = makeOptimizer(c.optimizer, params, c.options);
        c.trace[dtype].forEach((expected, step) => {
          loadGradients(params, dtype, step);
          opt.step();
          params.forEach((p, i) => {
            const err = relativeError(p.value.data, expected[i]);
            expect(err, `step ${step + 1}, ${p.name}`).toBeLessThanOrEqual(tolerance[dtype]);
          });
        });
      });
    }
  }
});
