import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BCEWithLogits } from './bce-with-logits';
import { expectGradientMatchesFiniteDifferences } from './test-support/gradcheck';

const rng = createRng(9);
const logits = Tensor.randn([3, 4], { rng, std: 3, dtype: 'float64' });
const target = Tensor.uniform([3, 4], { rng, dtype: 'float64' });
const posWeight = Tensor.from([0.5, 2, 1, 3], { dtype: 'float64' });

describe('BCEWithLogits', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradcheck, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(() => new BCEWithLogits({ reduction }), logits, target);
    });
    it(`gradcheck with posWeight, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(
        () => new BCEWithLogits({ reduction, posWeight }),
        logits,
        target,
      );
    });
  }

  it('is stable at logits of ±1000', () => {
    const x = Tensor.from([1000, -1000, 1000, -1000]);
    const t = Tensor.from([1, 0, 0, 1]);
    const loss = new BCEWithLogits({ reduction: 'sum' });
    expect(loss.forward(x, t)).toBe(2000);
    expect([...loss.backward().data]).toEqual([0, 0, 1, -1]);
  });

  it('with posWeight 1 equals no posWeight', () => {
    const ones = Tensor.ones([4], { dtype: 'float64' });
    expect(new BCEWithLogits({ posWeight: ones }).forward(logits, target)).toBe(
      new BCEWithLogits().forward(logits, target),
    );
  });

  it('rejects a posWeight that does not fit the last dimension', () => {
    const bad = Tensor.ones([3], { dtype: 'float64' });
    expect(() => new BCEWithLogits({ posWeight: bad }).forward(logits, target)).toThrow(
      'BCEWithLogits: posWeight of shape [3] does not broadcast over the last dimension of pred [3, 4]',
    );
    expect(() => new BCEWithLogits({ posWeight: [1] as unknown as Tensor })).toThrow(
      'BCEWithLogits: posWeight must be a 1-D Tensor, got Array',
    );
  });
});
