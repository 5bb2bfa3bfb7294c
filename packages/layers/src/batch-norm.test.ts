import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from './batch-norm1d';
import { BatchNorm2d } from './batch-norm2d';
import { f64 } from './test-support/tensors';

const dtype = 'float64' as const;

describe('BatchNorm', () => {
  it('normalises each feature with the biased batch variance', () => {
    const bn = new BatchNorm1d(2, { dtype, eps: 1e-5 });
    const y = bn.forward(f64([1, 10, 3, 10.5, 5, 11], [3, 2]));
    // Feature 0: mean 3, biased variance 8/3.
    const s = Math.sqrt(8 / 3 + 1e-5);
    expect(y.data[0]).toBeCloseTo(-2 / s, 14);
    expect(y.data[2]).toBeCloseTo(0, 14);
    expect(y.data[4]).toBeCloseTo(2 / s, 14);
  });

  it('updates running stats with momentum and the unbiased variance, counting batches', () => {
    const bn = new BatchNorm1d(1, { dtype, momentum: 0.25 });
    bn.forward(f64([1, 3, 5], [3, 1]));
    // running_mean = 0.75·0 + 0.25·3; running_var = 0.75·1 + 0.25·(8/2).
    expect(bn.runningMean!.data[0]).toBeCloseTo(0.75, 15);
    expect(bn.runningVar!.data[0]).toBeCloseTo(1.75, 15);
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.forward(f64([1, 3, 5], [3, 1]), { training: false });
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });

  it('eval normalises with the running statistics', () => {
    const bn = new BatchNorm2d(1, { dtype, eps: 0.25 });
    bn.runningMean!.data[0] = 2;
    bn.runningVar!.data[0] = 3.75;
    bn.weight!.value.data[0] = 3;
    bn.bias!.value.data[0] = 1;
    const y = bn.eval().forward(f64([2, 4, 0, 6], [1, 1, 2, 2]));
    expect(Array.from(y.data)).toEqual([1, 4, -2, 7]);
  });

  it('without running statistics uses batch statistics in eval and has no buffers', () => {
    const bn = new BatchNorm2d(2, { dtype, trackRunningStats: false }).eval();
    expect(bn.buffers()).toEqual([]);
    const x = Tensor.randn([3, 2, 2, 2], { rng: createRng(1), dtype, mean: 5 });
    const y = bn.forward(x);
    const train = new BatchNorm2d(2, { dtype, trackRunningStats: false }).forward(x);
    expect(Array.from(y.data)).toEqual(Array.from(train.data));
  });

  it('shares one implementation between 1d ([N, C, L]) and 2d ([N, C, H, W])', () => {
    const x = Tensor.randn([2, 3, 6], { rng: createRng(4), dtype });
    const one = new BatchNorm1d(3, { dtype }).forward(x);
    const two = new BatchNorm2d(3, { dtype }).forward(x.reshape([2, 3, 2, 3]));
    expect(Array.from(one.data)).toEqual(Array.from(two.data));
  });

  it('names parameters and buffers as PyTorch does', () => {
    const bn = new BatchNorm2d(4);
    expect(bn.parameters().map((p) => p.name)).toEqual(['weight', 'bias']);
    expect(bn.buffers().map((b) => b.name)).toEqual(['running_mean', 'running_var', 'num_batches_tracked']);
    expect(new BatchNorm1d(4, { affine: false }).parameters()).toEqual([]);
  });

  it('rejects bad inputs and options with clear messages', () => {
    expect(() => new BatchNorm2d(3).forward(Tensor.zeros([2, 4, 2, 2]))).toThrow(
      'BatchNorm2d(3): expected input [N, 3, H, W], got [2, 4, 2, 2]',
    );
    expect(() => new BatchNorm1d(3).forward(Tensor.zeros([2, 3, 2, 2]))).toThrow(
      'BatchNorm1d(3): expected input [N, 3] or [N, 3, L], got [2, 3, 2, 2]',
    );
    expect(() => new BatchNorm1d(3).forward(Tensor.zeros([1, 3]))).toThrow(
      'BatchNorm1d(3): expected more than 1 value per channel when training, got input [1, 3]',
    );
    expect(() => new BatchNorm1d(3, { momentum: 2 })).toThrow(
      'BatchNorm1d: momentum must be in [0, 1] or null, got 2',
    );
    expect(() => new BatchNorm1d(3, { eps: 0 })).toThrow('BatchNorm1d: eps must be positive, got 0');
    expect(() => new BatchNorm2d(0)).toThrow('BatchNorm2d: numFeatures must be a positive integer, got 0');
  });
});
