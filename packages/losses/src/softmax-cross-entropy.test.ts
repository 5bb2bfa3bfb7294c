import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';
import { expectCloseRelative, expectGradientMatchesFiniteDifferences } from './test-support/gradcheck';

const rng = createRng(7);
const logits = Tensor.randn([4, 5], { rng, std: 2, dtype: 'float64' });
const labels = new Int32Array([0, 3, 4, 1]);
// Soft targets that do not sum to 1 per row: the gradient must use softmax * sum(q) - q.
const soft = Tensor.uniform([4, 5], { rng, dtype: 'float64' });

describe('SoftmaxCrossEntropy', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    for (const labelSmoothing of [0, 0.1, 1]) {
      it(`gradcheck, index targets, ${reduction}, labelSmoothing ${labelSmoothing}`, () => {
        expectGradientMatchesFiniteDifferences(
          () => new SoftmaxCrossEntropy({ reduction, labelSmoothing }),
          logits,
          labels,
        );
      });
      it(`gradcheck, probability targets, ${reduction}, labelSmoothing ${labelSmoothing}`, () => {
        expectGradientMatchesFiniteDifferences(
          () => new SoftmaxCrossEntropy({ reduction, labelSmoothing }),
          logits,
          soft,
        );
      });
    }
  }

  // float64: the two paths build the same q with the same additions, so they agree to the last few ulps.
  it('index targets and their one-hot tensor give the same loss and gradient', () => {
    const onehot = Tensor.zeros([4, 5], { dtype: 'float64' });
    labels.forEach((k, i) => {
      onehot.data[i * 5 + k] = 1;
    });
    const a = new SoftmaxCrossEntropy({ labelSmoothing: 0.2 });
    const b = new SoftmaxCrossEntropy({ labelSmoothing: 0.2 });
    expect(a.forward(logits, [...labels])).toBeCloseTo(b.forward(logits, onehot), 14);
    const ga = a.backward().data;
    expectCloseRelative(b.backward().data, ga, 1e-14, 'grad');
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`is finite at logits of ±1000 (${dtype}), with the exact large-margin values`, () => {
      const x = Tensor.from(
        [
          [1000, -1000, 0],
          [-1000, 1000, 999],
          [-1000, -1000, -1000],
        ],
        { dtype },
      );
      const loss = new SoftmaxCrossEntropy({ reduction: 'sum' });
      // In float32 the log-probabilities are stored rounded (~1e-7 relative): 5-6 decimals.
      // Row 0: target 0 wins by 1000 -> 0. Row 1: target 2 loses to 1000 by 1 -> log(1 + e). Row 2: uniform -> log 3.
      const value = loss.forward(x, [0, 2, 1]);
      expect(value).toBeCloseTo(Math.log(1 + Math.E) + Math.log(3), 5);
      const g = loss.backward().data;
      for (const v of g) expect(Number.isFinite(v)).toBe(true);
      expect(g[0]).toBe(0);
      expect(g[6]).toBeCloseTo(1 / 3, 6);
    });
  }

  it('propagates NaN in the logits into the loss and that row of the gradient (as PyTorch)', () => {
    const x = Tensor.from(
      [
        [0, Number.NaN],
        [1, 2],
      ],
      { dtype: 'float64' },
    );
    const loss = new SoftmaxCrossEntropy();
    expect(loss.forward(x, [0, 1])).toBeNaN();
    const g = loss.backward().data;
    expect(g[0]).toBeNaN();
    expect(Number.isFinite(g[2])).toBe(true);
  });

  it('rejects labelSmoothing outside [0, 1]', () => {
    expect(() => new SoftmaxCrossEntropy({ labelSmoothing: 1.5 })).toThrow(
      'SoftmaxCrossEntropy: labelSmoothing must be a number in [0, 1], got 1.5',
    );
  });
});
