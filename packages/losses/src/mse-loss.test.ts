import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { MSELoss } from './mse-loss';
import { expectGradientMatchesFiniteDifferences } from './test-support/gradcheck';

const rng = createRng(5);
const pred = Tensor.randn([2, 3, 2], { rng, dtype: 'float64' });
const target = Tensor.randn([2, 3, 2], { rng, dtype: 'float64' });

describe('MSELoss', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradcheck, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(() => new MSELoss({ reduction }), pred, target);
    });
  }

  it('computes the mean and sum of squared errors', () => {
    const p = Tensor.from([1, 2, 3]);
    const t = Tensor.from([1, 0, 6]);
    // float32 inputs, integers: the sum 13 is exact, only the final /3 rounds (in float64).
    expect(new MSELoss().forward(p, t)).toBeCloseTo(13 / 3, 12);
    const sum = new MSELoss({ reduction: 'sum' });
    expect(sum.forward(p, t)).toBe(13);
    expect([...sum.backward().data]).toEqual([0, 4, -6]);
  });

  it('requires a Tensor target of the same shape', () => {
    expect(() => new MSELoss().forward(pred, [1, 2])).toThrow(
      'MSELoss: target must be a Tensor of shape [2, 3, 2], got Array',
    );
  });
});
