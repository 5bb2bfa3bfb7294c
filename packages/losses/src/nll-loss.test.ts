import { createRng, logSoftmax, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { NLLLoss } from './nll-loss';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';
import { expectGradientMatchesFiniteDifferences } from './test-support/gradcheck';

const rng = createRng(3);
const logits = Tensor.randn([5, 3], { rng, dtype: 'float64' });
const logp = logSoftmax(logits, 1);
const labels = new Uint8Array([2, 0, 1, 1, 0]);

describe('NLLLoss', () => {
  for (const reduction of ['mean', 'sum'] as const) {
    it(`gradcheck, ${reduction}`, () => {
      expectGradientMatchesFiniteDifferences(() => new NLLLoss({ reduction }), logp, labels);
    });
  }

  // float64: both pick the same log-softmax values and sum them in the same order.
  it('after logSoftmax equals SoftmaxCrossEntropy', () => {
    expect(new NLLLoss().forward(logp, labels)).toBeCloseTo(
      new SoftmaxCrossEntropy().forward(logits, labels),
      14,
    );
  });

  it('takes class indices only', () => {
    expect(() => new NLLLoss().forward(logp, Tensor.zeros([5, 3], { dtype: 'float64' }))).toThrow(
      'NLLLoss: target must be class indices (Int32Array, Uint8Array or number[]) or a Tensor, got a float64 Tensor of shape [5, 3]',
    );
  });
});
