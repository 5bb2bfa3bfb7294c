import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BCEWithLogits } from './bce-with-logits';
import { CrossEntropy } from './cross-entropy';
import { MSELoss } from './mse-loss';
import { NLLLoss } from './nll-loss';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';

const pred = Tensor.zeros([3, 4]);
const classLosses = [() => new SoftmaxCrossEntropy(), () => new CrossEntropy(), () => new NLLLoss()];

describe('bad input', () => {
  for (const make of classLosses) {
    const name = make().constructor.name;
    it(`${name}: names an out-of-range class index, its position and the class count`, () => {
      expect(() => make().forward(pred, [0, 4, 1])).toThrow(
        `${name}: class index 4 at position 1 is out of range for 4 classes`,
      );
      expect(() => make().forward(pred, new Int32Array([0, 1, -1]))).toThrow(
        `${name}: class index -1 at position 2 is out of range for 4 classes`,
      );
    });
    it(`${name}: rejects non-integer labels`, () => {
      expect(() => make().forward(pred, [0, 1.5, 1])).toThrow(
        `${name}: class index at position 1 must be an integer, got 1.5`,
      );
      expect(() => make().forward(pred, [0, Number.NaN, 1])).toThrow(
        `${name}: class index at position 1 must be an integer, got NaN`,
      );
    });
    it(`${name}: rejects a target length different from the batch size`, () => {
      expect(() => make().forward(pred, new Uint8Array([0, 1]))).toThrow(
        `${name}: target has 2 class indices but the batch has 3 rows`,
      );
    });
    it(`${name}: requires a 2-D pred`, () => {
      expect(() => make().forward(Tensor.zeros([3, 4, 1]), [0, 1, 2])).toThrow(
        `${name}: pred must be 2-D [batch, classes], got shape [3, 4, 1]`,
      );
      expect(() => make().forward([1, 2] as unknown as Tensor, [0])).toThrow(
        `${name}: pred must be a Tensor, got Array`,
      );
    });
    it(`${name}: reports backward before forward`, () => {
      expect(() => make().backward()).toThrow(`${name}.backward: call forward(pred, target) first`);
    });
    it(`${name}: rejects an unknown reduction`, () => {
      const Ctor = make().constructor as new (o: object) => unknown;
      expect(() => new Ctor({ reduction: 'none' })).toThrow(
        `${name}: reduction must be 'mean' or 'sum', got "none"`,
      );
    });
  }

  for (const make of [
    () => new SoftmaxCrossEntropy(),
    () => new CrossEntropy(),
    () => new MSELoss(),
    () => new BCEWithLogits(),
  ]) {
    const name = make().constructor.name;
    it(`${name}: rejects a tensor target of another shape or dtype`, () => {
      expect(() => make().forward(pred, Tensor.zeros([3, 5]))).toThrow(
        `${name}: target shape [3, 5] does not match pred shape [3, 4]`,
      );
      expect(() => make().forward(pred, Tensor.zeros([3, 4], { dtype: 'float64' }))).toThrow(
        `${name}: target dtype float64 does not match pred dtype float32`,
      );
    });
  }

  it('rejects an empty batch', () => {
    expect(() => new SoftmaxCrossEntropy().forward(Tensor.zeros([0, 4]), [])).toThrow(
      'SoftmaxCrossEntropy: pred of shape [0, 4] is empty',
    );
  });
});
