import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { LastStep } from './last-step';
import { f64 } from './test-support/tensors';

describe('LastStep', () => {
  // Element (t, n, f) holds 100·t + 10·n + f: T = 3, N = 2, F = 2.
  const timeMajor = Tensor.from([0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211], [3, 2, 2], {
    dtype: 'float64',
  });

  it('selects step T − 1 of [T, N, F] and puts dy back there', () => {
    const layer = new LastStep();
    expect(Array.from(layer.forward(timeMajor).data)).toEqual([200, 201, 210, 211]);
    const dx = layer.backward(f64([1, 2, 3, 4], [2, 2]));
    expect(Array.from(dx.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  });

  it('selects step T − 1 of [N, T, F] with batchFirst', () => {
    const layer = new LastStep({ batchFirst: true });
    const batchMajor = timeMajor.permute([1, 0, 2]);
    expect(layer.outputShape(batchMajor.shape)).toEqual([2, 2]);
    expect(Array.from(layer.forward(batchMajor).data)).toEqual([200, 201, 210, 211]);
    const dx = layer.backward(f64([1, 2, 3, 4], [2, 2]));
    expect(Array.from(dx.permute([1, 0, 2]).data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(layer.config()).toEqual({ kind: 'LastStep', args: [{ batchFirst: true }] });
  });

  it('names itself and the shapes in its errors', () => {
    expect(() => new LastStep().forward(Tensor.zeros([3, 4]))).toThrow(
      'LastStep(): expected input [T >= 1, N, F], got [3, 4]',
    );
    expect(() => new LastStep({ batchFirst: true }).forward(Tensor.zeros([3, 0, 4]))).toThrow(
      'LastStep(batchFirst=true): expected input [N, T >= 1, F], got [3, 0, 4]',
    );
    expect(() => new LastStep({ batchFirst: 1 as never })).toThrow(
      'LastStep: batchFirst must be true or false, got 1',
    );
  });
});
