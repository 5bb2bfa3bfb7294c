import {
  createRng,
  getBackend,
  jsBackend,
  type KernelBackend,
  registerBackend,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Conv2d } from './conv2d';
import { Flatten } from './flatten';
import type { Layer } from './layer';
import { Linear } from './linear';
import { ReLU } from './relu';
import { Sequential } from './sequential';
import { caseInput, layerCases } from './test-support/layer-cases';

const dtype = 'float64';

/** A `js` backend that counts the kernels computing input gradients (and the weight GEMMs). */
const calls = { matmul: 0, conv2dBackwardInput: 0 };
const counting: KernelBackend = {
  name: 'counting-js',
  apiVersion: 1,
  dtypes: [dtype],
  matmul: (...args) => {
    calls.matmul++;
    jsBackend.matmul(...args);
  },
  conv2dBackwardInput: (...args) => {
    calls.conv2dBackwardInput++;
    jsBackend.conv2dBackwardInput(...args);
  },
};

const mlp = (seed: number) => {
  const rng = createRng(seed);
  return new Sequential(
    new Flatten(),
    new Linear(12, 5, { rng, dtype }),
    new ReLU(),
    new Linear(5, 3, { rng, dtype }),
  );
};
const cnn = (seed: number) => {
  const rng = createRng(seed);
  return new Sequential(
    new Conv2d(1, 2, 3, { rng, dtype }),
    new ReLU(),
    new Flatten(),
    new Linear(2 * 1 * 2, 3, { rng, dtype }),
  );
};

/** Forward on a seeded batch [2, 1, 3, 4], then one backward kind; returns the grads and the kernel calls. */
function gradients(model: Sequential, kind: 'backward' | 'backwardParameters') {
  const rng = createRng(1);
  const x = Tensor.randn([2, 1, 3, 4], { rng, dtype });
  const y = model.forward(x);
  const dy = Tensor.randn(y.shape, { rng, dtype });
  calls.matmul = 0;
  calls.conv2dBackwardInput = 0;
  model[kind](dy);
  return { grads: model.parameters().map((p) => Array.from(p.grad.data)), calls: { ...calls } };
}

describe('backwardParameters skips the input gradient nobody reads', () => {
  let previous = 'js';
  beforeAll(() => {
    previous = getBackend().name;
    registerBackend(counting);
    setBackend(counting.name);
  });
  afterAll(() => setBackend(previous));

  it('MLP: the same parameter gradients, one GEMM fewer (the first Linear computes no dx)', () => {
    const full = gradients(mlp(0), 'backward');
    const skipped = gradients(mlp(0), 'backwardParameters');
    expect(skipped.grads).toEqual(full.grads);
    expect(full.grads.flat().some((g) => g !== 0)).toBe(true);
    // backward: dx, dW and db for each of the two Linear layers.
    expect([full.calls.matmul, skipped.calls.matmul]).toEqual([6, 5]);
  });

  it('CNN: the same parameter gradients, no conv2dBackwardInput for the first Conv2d', () => {
    const full = gradients(cnn(0), 'backward');
    const skipped = gradients(cnn(0), 'backwardParameters');
    expect(skipped.grads).toEqual(full.grads);
    expect([full.calls.conv2dBackwardInput, skipped.calls.conv2dBackwardInput]).toEqual([1, 0]);
  });

  it('layers below the first one with parameters are not run backward', () => {
    const model = mlp(0);
    const flatten = vi.spyOn(model.layers[0], 'backward');
    gradients(model, 'backwardParameters');
    expect(flatten).not.toHaveBeenCalled();
    gradients(model, 'backward');
    expect(flatten).toHaveBeenCalledTimes(1);
  });

  it('a first layer without backwardParameters (an older custom Layer) gets backward', () => {
    const linear = new Linear(12, 3, { rng: createRng(2), dtype });
    const custom: Layer = Object.assign(Object.create(linear) as Linear, { backwardParameters: undefined });
    const backward = vi.spyOn(linear, 'backward');
    const model = new Sequential(new Flatten(), custom);
    gradients(model, 'backwardParameters');
    expect(backward).toHaveBeenCalledTimes(1);
  });

  it('says what went wrong', () => {
    expect(() => mlp(0).backwardParameters(Tensor.zeros([2, 3], { dtype }))).toThrow(
      'Sequential(4 layers): backwardParameters called before forward',
    );
    const linear = new Linear(4, 2, { rng: createRng(3), dtype });
    expect(() => linear.backwardParameters(Tensor.zeros([1, 2], { dtype }))).toThrow(
      'Linear(4 -> 2): backwardParameters called before forward',
    );
    linear.forward(Tensor.zeros([3, 4], { dtype }));
    expect(() => linear.backwardParameters(Tensor.zeros([1, 2], { dtype }))).toThrow(
      'Linear(4 -> 2): backwardParameters expected dy of the output shape [3, 2], got [1, 2]',
    );
  });
});

describe('every layer: backwardParameters adds what backward adds', () => {
  it('is present on every built-in layer', () => {
    expect(layerCases.filter((c) => !c.make().backwardParameters).map((c) => c.name)).toEqual([]);
  });
  for (const c of layerCases) {
    it(c.name, () => {
      const run = (kind: 'backward' | 'backwardParameters') => {
        const layer = c.make();
        c.reset?.(layer);
        const y = layer.forward(caseInput(c), { training: c.training });
        const dy = Tensor.randn(y.shape, { rng: createRng(5), dtype });
        if (kind === 'backward') layer.backward(dy);
        else layer.backwardParameters?.(dy);
        return layer.parameters().map((p) => Array.from(p.grad.data));
      };
      expect(
        layerCases.every((l) => l.make().backwardParameters),
        'every built-in layer has it',
      ).toBe(true);
      expect(run('backwardParameters')).toEqual(run('backward'));
    });
  }
});
