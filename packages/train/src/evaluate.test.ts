import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { predict } from './evaluate';
import type { TrainableModel } from './model-types';

/** A model whose every sample yields `width` outputs. */
function wideModel(width: number): TrainableModel {
  return {
    forward: (x) => Tensor.zeros([x.shape[0], width]),
    backward: (dy) => dy,
    parameters: () => [],
    train: () => undefined,
    eval: () => undefined,
  };
}

describe('predict', () => {
  it('refuses outputs past the tensor limit after the first batch, naming their shape', () => {
    const x = Tensor.zeros([300, 1]);
    expect(() => predict(wideModel(2 ** 20), x, { batchSize: 2 })).toThrow(
      'predict: outputs of shape [300, 1048576] has 314572800 elements, more than the 2^28 a tensor may hold',
    );
    expect(predict(wideModel(3), x, { batchSize: 7 }).shape).toEqual([300, 3]);
  });
});
