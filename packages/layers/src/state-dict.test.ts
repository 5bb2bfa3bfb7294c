import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BatchNorm2d } from './batch-norm2d';
import { Conv2d } from './conv2d';
import { Residual } from './residual';
import { Sequential } from './sequential';
import { integerStateKeys } from './state-dict';

const block = () =>
  new Sequential({
    conv: new Conv2d(1, 2, 1, { seed: 1 }),
    res: new Residual(new BatchNorm2d(2), { shortcut: new BatchNorm2d(2) }),
  });

describe('integer buffers in the state dict', () => {
  it('are named through every container, as PyTorch composes them', () => {
    expect(integerStateKeys(block())).toEqual([
      'res.body.num_batches_tracked',
      'res.downsample.num_batches_tracked',
    ]);
  });

  it('load whole numbers and refuse a fraction, naming the key and the value', () => {
    const model = block();
    const count = (n: number) => ({
      ...model.stateDict(),
      'res.body.num_batches_tracked': Tensor.from([n]).reshape([]),
    });
    model.loadStateDict(count(7));
    expect(model.stateDict()['res.body.num_batches_tracked'].data[0]).toBe(7);
    expect(() => model.loadStateDict(count(7.5))).toThrow(
      '"res.body.num_batches_tracked" counts in integers, the state dict gives 7.5',
    );
    expect(() => model.loadStateDict(count(Number.NaN))).toThrow(/gives NaN$/);
    // Nothing was written by the refused loads.
    expect(model.stateDict()['res.body.num_batches_tracked'].data[0]).toBe(7);
  });

  it('a state dict that does not fit: every missing key, unexpected key and mismatch in one error', () => {
    const model = block();
    const { 'conv.bias': _dropped, ...rest } = model.stateDict();
    const wrong = {
      ...rest,
      'conv.weight': Tensor.zeros([2, 1, 3, 3]),
      'res.body.running_mean': Tensor.zeros([3]),
      'res.body.num_batches_tracked': Tensor.from([0.5]).reshape([]),
      'head.weight': Tensor.zeros([1]),
    };
    expect(() => model.loadStateDict(wrong)).toThrow(
      'missing keys: "conv.bias"; unexpected keys: "head.weight"; ' +
        'size mismatch for "conv.weight": the model has shape [2, 1, 1, 1], the state dict has [2, 1, 3, 3]; ' +
        'size mismatch for "res.body.running_mean": the model has shape [2], the state dict has [3]; ' +
        '"res.body.num_batches_tracked" counts in integers, the state dict gives 0.5 ' +
        '(pass { strict: false } to load the matching keys only)',
    );
  });
});
