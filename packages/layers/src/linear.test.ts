import {
  createRng,
  type FloatArray,
  jsBackend,
  type MatmulArgs,
  registerBackend,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { Linear } from './linear';
import { describeEachBackend } from './test-support/backends';
import { f64 } from './test-support/tensors';

describeEachBackend('Linear', () => {
  it('computes x·Wᵀ + b on a hand-checked example', () => {
    const layer = new Linear(2, 3, { seed: 0, dtype: 'float64' });
    layer.weight.value.data.set([1, 2, 3, 4, 5, 6]);
    layer.bias!.value.data.set([0.5, -1, 0]);
    const y = layer.forward(f64([1, -1], [1, 2]));
    expect(Array.from(y.data)).toEqual([1 - 2 + 0.5, 3 - 4 - 1, 5 - 6]);
    const dx = layer.backward(f64([1, 0, 2], [1, 3]));
    expect(Array.from(dx.data)).toEqual([1 + 10, 2 + 12]);
    expect(Array.from(layer.weight.grad.data)).toEqual([1, -1, 0, 0, 2, -2]);
    expect(Array.from(layer.bias!.grad.data)).toEqual([1, 0, 2]);
  });

  it('accumulates parameter gradients across backward calls', () => {
    const layer = new Linear(3, 2, { seed: 4, dtype: 'float64' });
    const rng = createRng(1);
    layer.forward(Tensor.randn([4, 3], { rng, dtype: 'float64' }));
    const dy = Tensor.randn([4, 2], { rng, dtype: 'float64' });
    layer.backward(dy);
    const once = [layer.weight.grad.data.slice(), layer.bias!.grad.data.slice()];
    layer.backward(dy);
    layer.weight.grad.data.forEach((g, i) => {
      expect(g).toBeCloseTo(2 * once[0][i], 12);
    });
    layer.bias!.grad.data.forEach((g, i) => {
      expect(g).toBeCloseTo(2 * once[1][i], 12);
    });
  });
});

describe('Linear and the backend registry', () => {
  afterEach(() => setBackend('js'));

  it('runs its four products through the active backend’s GEMM, accumulating y on the bias, dW and db in place', () => {
    const calls: MatmulArgs[] = [];
    const outputs: FloatArray[] = [];
    registerBackend({
      name: 'gemm-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      matmul(a, b, c, args) {
        calls.push(args);
        outputs.push(c);
        jsBackend.matmul(a, b, c, args);
      },
    });
    setBackend('gemm-spy');
    const layer = new Linear(3, 2, { seed: 1 });
    layer.forward(Tensor.ones([4, 3]));
    layer.backward(Tensor.ones([4, 2]));
    const flags = (a: MatmulArgs) => [a.m, a.n, a.k, a.transA, a.transB, a.accumulate];
    expect(calls.map(flags)).toEqual([
      [4, 2, 3, false, true, true], // y = bias + x·Wᵀ
      [4, 3, 2, false, false, false], // dx = dy·W
      [2, 3, 4, true, false, true], // dW += dyᵀ·x
      [1, 2, 4, false, false, true], // db += 1ᵀ·dy
    ]);
    expect(outputs[2]).toBe(layer.weight.grad.data);
    expect(Array.from(layer.weight.grad.data)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(outputs[3].buffer).toBe(layer.bias?.grad.data.buffer);
    expect(Array.from(layer.bias?.grad.data ?? [])).toEqual([4, 4]);
  });
});

describe('Linear errors', () => {
  const layer = new Linear(784, 10, { seed: 0 });

  it('names the layer, the expected and the actual shape', () => {
    expect(() => layer.forward(Tensor.zeros([32, 100]))).toThrow(
      'Linear(784 -> 10): expected input [N, 784], got [32, 100]',
    );
    expect(() => layer.forward(Tensor.zeros([784]))).toThrow(
      'Linear(784 -> 10): expected input [N, 784], got [784]',
    );
  });

  it('rejects a dtype that differs from its parameters', () => {
    expect(() => layer.forward(Tensor.zeros([1, 784], { dtype: 'float64' }))).toThrow(
      'Linear(784 -> 10): expected float32 input (the dtype of its parameters), got float64 input of shape [1, 784]',
    );
  });

  it('refuses backward before forward and a dy of the wrong shape or dtype', () => {
    const fresh = new Linear(4, 2, { seed: 0 });
    expect(() => fresh.backward(Tensor.zeros([3, 2]))).toThrow(
      'Linear(4 -> 2): backward called before forward',
    );
    fresh.forward(Tensor.zeros([3, 4]));
    expect(() => fresh.backward(Tensor.zeros([3, 3]))).toThrow(
      'Linear(4 -> 2): backward expected dy of the output shape [3, 2], got [3, 3]',
    );
    expect(() => fresh.backward(Tensor.zeros([3, 2], { dtype: 'float64' }))).toThrow(
      'Linear(4 -> 2): backward expected float32 dy, got float64',
    );
  });

  it('validates its constructor arguments', () => {
    expect(() => new Linear(0, 3, { seed: 0 })).toThrow(
      'Linear: inFeatures must be a positive integer, got 0',
    );
    expect(() => new Linear(2, 3.5, { seed: 0 })).toThrow(
      'Linear: outFeatures must be a positive integer, got 3.5',
    );
    expect(() => new Linear(2, 3, { seed: 0, dtype: 'int8' as never })).toThrow(
      `Linear(2 -> 3): dtype must be 'float32' or 'float64', got "int8"`,
    );
    expect(() => new Linear(2, 3, { seed: 0, init: 'zeros' as never })).toThrow(
      'Linear(2 -> 3): init must be one of default, xavier, he, got "zeros"',
    );
    expect(() => new Linear(2, 3, { seed: 1.5 })).toThrow(
      'Linear(2 -> 3): seed must be an integer in [0, 2^32), got 1.5',
    );
    expect(() => new Linear(2, 3, { rng: 7 as never })).toThrow(
      'Linear(2 -> 3): rng must be a generator from createRng(seed), got 7',
    );
  });
});
