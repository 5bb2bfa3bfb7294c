import { createRng, softmax, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { CrossEntropy } from './cross-entropy';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';
import { expectGradientMatchesFiniteDifferences } from './test-support/gradcheck';

const rng = createRng(11);
const logits = Tensor.randn([3, 4], { rng, dtype: 'float64' });
const probs = softmax(logits, 1);
const labels = [2, 0, 3];
const soft = softmax(Tensor.randn([3, 4], { rng, dtype: 'float64' }), 1);

describe('CrossEntropy (on probabilities)', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradcheck, index targets, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(() => new CrossEntropy({ reduction }), probs, labels);
    });
    it(`gradcheck, probability targets, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(() => new CrossEntropy({ reduction }), probs, soft);
    });
  }

  it('equals SoftmaxCrossEntropy on the logits the probabilities came from', () => {
    // float64 algebra: log(softmax) vs log-softmax differ by a few ulps of the loss.
    expect(new CrossEntropy().forward(probs, soft)).toBeCloseTo(
      new SoftmaxCrossEntropy().forward(logits, soft),
      12,
    );
  });

  // float64 sums of two logs: exact to ~1e-15; 10-12 decimals leave room for log's last ulp.
  it('clamps p = 0 to eps: finite loss -t*log(eps), zero gradient there', () => {
    const p = Tensor.from(
      [
        [0, 1],
        [0.5, 0.5],
      ],
      { dtype: 'float64' },
    );
    const loss = new CrossEntropy({ reduction: 'sum' });
    expect(loss.forward(p, [0, 1])).toBeCloseTo(-Math.log(1e-12) + Math.log(2), 10);
    expect([...loss.backward().data]).toEqual([0, 0, 0, -2]);
    // A non-target class at p = 0 costs nothing and gets no gradient.
    const l2 = new CrossEntropy();
    expect(l2.forward(p, [1, 0])).toBeCloseTo(Math.log(2) / 2, 12);
    expect([...l2.backward().data]).toEqual([0, -0.5, -1, 0]);
  });

  it('honours a custom eps', () => {
    const p = Tensor.from([[0, 1]], { dtype: 'float64' });
    expect(new CrossEntropy({ eps: 1e-4 }).forward(p, [0])).toBeCloseTo(-Math.log(1e-4), 12);
    expect(() => new CrossEntropy({ eps: 0 })).toThrow('CrossEntropy: eps must be a number in (0, 1), got 0');
  });

  it('rejects values that are not probabilities, naming the value and its index', () => {
    const p = Tensor.from([
      [0.5, 0.5],
      [1.5, -0.5],
    ]);
    expect(() => new CrossEntropy().forward(p, [0, 1])).toThrow(
      'CrossEntropy: pred must hold probabilities in [0, 1], got 1.5 at flat index 2',
    );
  });

  it('propagates NaN', () => {
    const p = Tensor.from([[Number.NaN, 0.5]], { dtype: 'float64' });
    expect(new CrossEntropy().forward(p, [0])).toBeNaN();
  });
});
