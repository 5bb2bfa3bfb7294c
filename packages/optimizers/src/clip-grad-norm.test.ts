import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { clipGradNorm } from './clip-grad-norm';
import { fixture } from './test-support/fixture';

describe('clipGradNorm agrees with PyTorch clip_grad_norm_ (fixtures/generate.py)', () => {
  for (const c of fixture.clipGradNorm) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`maxNorm ${c.maxNorm}, normType ${c.normType} (${dtype})`, () => {
        const ref = c[dtype];
        const params = ref.grads.map((g) => ({ grad: Tensor.from(g, [g.length], { dtype }) }));
        const normType = c.normType === 'inf' ? Infinity : (c.normType as number);
        const total = clipGradNorm(params, c.maxNorm, normType);
        // float64: sums of <= 20 terms and one pow, 1e-13 relative. float32: torch sums
        // and divides in float32, we in float64 and round once: 1e-6 relative.
        const tol = dtype === 'float64' ? 1e-13 : 1e-6;
        expect(Math.abs(total - ref.total)).toBeLessThanOrEqual(tol * ref.total);
        const scale = Math.max(...ref.clipped.flat().map(Math.abs));
        params.forEach((p, i) => {
          p.grad.data.forEach((g, j) => {
            expect(Math.abs(g - ref.clipped[i][j])).toBeLessThanOrEqual(tol * scale);
          });
        });
      });
    }
  }

  it('leaves grads below maxNorm unchanged (the coefficient is clamped to 1)', () => {
    const grad = Tensor.from([3, 4], { dtype: 'float64' });
    expect(clipGradNorm([{ grad }], 10)).toBe(5);
    expect([...grad.data]).toEqual([3, 4]);
  });

  it('rejects a bad maxNorm or normType, and non-finite norms when asked', () => {
    const params = [{ grad: Tensor.from([Number.NaN, 1]) }];
    expect(() => clipGradNorm(params, -1)).toThrow(
      'clipGradNorm: option maxNorm must be a number >= 0, got -1',
    );
    expect(() => clipGradNorm(params, 1, 0)).toThrow('clipGradNorm: normType must be > 0 or Infinity, got 0');
    expect(() => clipGradNorm(params, 1, 2, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm: the total 2-norm of the gradients is NaN',
    );
    expect(clipGradNorm(params, 1)).toBeNaN();
  });
});
