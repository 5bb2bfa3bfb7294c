import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Identity } from './identity';

describe('Identity', () => {
  it('returns its input and passes dy through, for any shape and dtype', () => {
    const layer = new Identity();
    const x = Tensor.from([1, -2, 3], [3, 1]);
    expect(layer.forward(x)).toBe(x);
    const dy = Tensor.from([4, 5, 6], [3, 1]);
    expect(layer.backward(dy)).toBe(dy);
    expect(layer.parameters()).toEqual([]);
    expect(layer.config()).toEqual({ kind: 'Identity', args: [] });
    expect(layer.outputShape([])).toEqual([]);
  });
});
