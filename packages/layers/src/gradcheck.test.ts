import { createRng, Tensor } from '@scratchnet/tensor';
import { expect, it } from 'vitest';
import { BatchNorm1d } from './batch-norm1d';
import { gradcheck } from './gradcheck';
import { jacobian } from './jacobian';
import { Linear } from './linear';
import { Tanh } from './tanh';
import { describeEachBackend } from './test-support/backends';

const dtype = 'float64' as const;
const input = () => Tensor.randn([3, 4], { rng: createRng(1), dtype });

/** Linear whose weight gradient is off by 1 % at one element: a bug gradcheck must catch. */
class SubtlyWrongLinear extends Linear {
  override backward(dy: Tensor): Tensor {
    const before = this.weight.grad.data[5];
    const dx = super.backward(dy);
    this.weight.grad.data[5] = before + (this.weight.grad.data[5] - before) * 1.01;
    return dx;
  }
}

describeEachBackend('gradcheck', () => {
  it('passes a correct layer with errors near float64 rounding and reports every parameter', () => {
    const report = gradcheck(new Linear(4, 3, { seed: 0, dtype }), input());
    expect(report.ok).toBe(true);
    expect(report.input.maxAbsError).toBeLessThan(1e-8);
    expect(Object.keys(report.parameters)).toEqual(['weight', 'bias']);
    expect(report.parameters.weight.maxRelError).toBeLessThan(1e-6);
  });

  it('catches a 1 % error in one weight-gradient element and points at it', () => {
    const report = gradcheck(new SubtlyWrongLinear(4, 3, { seed: 0, dtype }), input());
    expect(report.ok).toBe(false);
    expect(report.input.ok).toBe(true);
    expect(report.parameters.weight.ok).toBe(false);
    expect(report.parameters.weight.worstIndex).toBe(5);
    expect(report.parameters.weight.maxRelError).toBeCloseTo(0.01 / 1.01, 3);
    expect(report.parameters.bias.ok).toBe(true);
  });

  it('leaves existing gradients and buffers untouched', () => {
    const layer = new Linear(4, 3, { seed: 0, dtype });
    layer.weight.grad.data.fill(7);
    gradcheck(layer, input());
    expect(Array.from(layer.weight.grad.data).every((g) => g === 7)).toBe(true);
    expect(Array.from(layer.bias!.grad.data).every((g) => g === 0)).toBe(true);
    const bn = new BatchNorm1d(4, { dtype });
    expect(gradcheck(bn, input()).ok).toBe(true);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(Array.from(bn.runningMean!.data)).toEqual([0, 0, 0, 0]);
  });

  it('requires float64 and says how to get it', () => {
    expect(() => gradcheck(new Linear(4, 3, { seed: 0 }), input())).toThrow(
      `gradcheck: parameter "weight" is float32 [3, 4]; gradcheck needs float64 everywhere (build the layer with { dtype: 'float64' }`,
    );
    expect(() => gradcheck(new Tanh(), Tensor.zeros([2]))).toThrow('gradcheck: the input is float32 [2]');
  });
});

describeEachBackend('jacobian', () => {
  it('is [y.size, x.size], exact by backward, and leaves gradients untouched', () => {
    const layer = new Linear(4, 3, { seed: 0, dtype });
    const j = jacobian(layer, input());
    expect(j.shape).toEqual([9, 12]);
    // dy_{n,o}/dx_{n,i} = W[o, i]; zero across different rows n.
    expect(j.data[0 * 12 + 2]).toBe(layer.weight.value.data[2]);
    expect(j.data[4 * 12 + 4 + 1]).toBe(layer.weight.value.data[4 + 1]);
    expect(j.data[0 * 12 + 4]).toBe(0);
    expect(Array.from(layer.weight.grad.data).every((g) => g === 0)).toBe(true);
  });

  it('refuses finite differences in float32 and unknown methods', () => {
    expect(() => jacobian(new Tanh(), Tensor.zeros([2]), { method: 'finite-differences' })).toThrow(
      'jacobian: finite differences need a float64 input, got float32 [2]',
    );
    expect(() => jacobian(new Tanh(), Tensor.zeros([2]), { method: 'magic' as never })).toThrow(
      'jacobian: unknown method "magic"',
    );
  });
});
