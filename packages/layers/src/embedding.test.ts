import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding';
import { gradcheck } from './gradcheck';
import { f64 } from './test-support/tensors';

describe('Embedding', () => {
  it('reads row id of the table at each position; backward adds dy into those rows', () => {
    const layer = new Embedding(4, 2, { seed: 0, dtype: 'float64' });
    layer.weight.value.data.set([0, 1, 10, 11, 20, 21, 30, 31]);
    const y = layer.forward(f64([2, 0, 2], [1, 3]));
    expect(y.shape).toEqual([1, 3, 2]);
    expect(Array.from(y.data)).toEqual([20, 21, 0, 1, 20, 21]);
    const dx = layer.backward(f64([1, 2, 3, 4, 5, 6], [1, 3, 2]));
    // Row 2 is read twice: its gradient is the sum of both rows of dy.
    expect(Array.from(layer.weight.grad.data)).toEqual([3, 4, 0, 0, 1 + 5, 2 + 6, 0, 0]);
    expect(dx.shape).toEqual([1, 3]);
    expect(Array.from(dx.data)).toEqual([0, 0, 0]);
  });

  it('takes ids of any shape, in either float dtype, and returns a zero dx of that shape and dtype', () => {
    const layer = new Embedding(5, 3, { seed: 1 });
    const ids = Tensor.from([4, 0, 1, 1, 3, 2, 0, 4], [2, 2, 2], { dtype: 'float64' });
    const y = layer.forward(ids);
    expect(y.shape).toEqual([2, 2, 2, 3]);
    expect(y.dtype).toBe('float32');
    const dx = layer.backward(Tensor.ones(y.shape));
    expect([dx.shape, dx.dtype]).toEqual([[2, 2, 2], 'float64']);
    // Ids 0, 1 and 4 appear twice, 2 and 3 once.
    expect(Array.from(layer.weight.grad.data)).toEqual([2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
  });

  it('keeps the padding row at zero and gives it no gradient; a negative paddingIdx counts from the end', () => {
    const layer = new Embedding(3, 2, { seed: 2, paddingIdx: -1, dtype: 'float64' });
    expect(layer.paddingIdx).toBe(2);
    expect(Array.from(layer.weight.value.data.slice(4))).toEqual([0, 0]);
    expect(layer.weight.value.data.slice(0, 4).every((v) => v !== 0)).toBe(true);
    layer.forward(f64([2, 1, 2], [3]));
    layer.backward(f64([1, 1, 2, 2, 3, 3], [3, 2]));
    expect(Array.from(layer.weight.grad.data)).toEqual([0, 0, 2, 2, 0, 0]);
    expect(layer.config()).toEqual({
      kind: 'Embedding',
      args: [3, 2, { paddingIdx: 2, dtype: 'float64', seed: 2 }],
    });
  });

  it("draws the table from N(0, 1), as PyTorch's default", () => {
    const data = Array.from(new Embedding(200, 100, { seed: 3 }).weight.value.data);
    const mean = data.reduce((s, v) => s + v, 0) / data.length;
    const variance = data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length;
    // 20,000 draws: the sample mean is within 4·(1/√20000) ≈ 0.03 of 0, the variance within 0.04 of 1.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('passes a float64 gradient check of its table; dx is zero', () => {
    // The padding row is read but, by PyTorch's definition, gets no gradient: the ids avoid it here.
    const layer = new Embedding(6, 3, { seed: 4, paddingIdx: 1, dtype: 'float64' });
    const report = gradcheck(layer, f64([0, 4, 5, 5, 2, 0, 3, 0], [2, 4]), { indexInput: true });
    expect(report.ok, JSON.stringify(report)).toBe(true);
    expect(report.parameters.weight.maxAbsError).toBeLessThan(1e-8);
  });

  it('names itself, the position and the value of a bad id', () => {
    const layer = new Embedding(10, 4, { seed: 0 });
    expect(() => layer.forward(Tensor.from([1, 2, 3, 10], [2, 2]))).toThrow(
      'Embedding(10, 4): input holds token ids, integers in [0, 10); position [1, 1] of input [2, 2] has 10',
    );
    expect(() => layer.forward(Tensor.from([1, 2.5, 3], [1, 3]))).toThrow(
      'Embedding(10, 4): input holds token ids, integers in [0, 10); position [0, 1] of input [1, 3] has 2.5',
    );
    expect(() => layer.forward(Tensor.from([-1], [1]))).toThrow('position [0] of input [1] has -1');
    expect(() => layer.forward(Tensor.from([Number.NaN], [1]))).toThrow('position [0] of input [1] has NaN');
    expect(() => layer.forward(Tensor.zeros([]))).toThrow(
      'Embedding(10, 4): expected input token ids [*] of rank >= 1, got []',
    );
  });

  it('validates its constructor arguments and refuses a table past the element limit', () => {
    expect(() => new Embedding(0, 4)).toThrow('Embedding: numEmbeddings must be a positive integer, got 0');
    expect(() => new Embedding(4, 1.5)).toThrow(
      'Embedding: embeddingDim must be a positive integer, got 1.5',
    );
    expect(() => new Embedding(4, 2, { paddingIdx: 4 })).toThrow(
      'Embedding(4, 2): paddingIdx must be an integer in [-4, 4), got 4',
    );
    expect(() => new Embedding(4, 2, { paddingIdx: '0' as never })).toThrow(
      'Embedding(4, 2): paddingIdx must be an integer in [-4, 4), got "0"',
    );
    expect(() => new Embedding(4, 2, { dtype: 'int32' as never })).toThrow(
      `Embedding(4, 2): dtype must be 'float32' or 'float64', got "int32"`,
    );
    expect(() => new Embedding(1e6, 1e4)).toThrow(
      'Embedding(1000000, 10000): weight of shape [1000000, 10000] has 10000000000 elements, more than the 2^28 a tensor may hold',
    );
  });
});
