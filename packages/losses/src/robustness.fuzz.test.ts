import { createRng, Tensor } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BCEWithLogits } from './bce-with-logits';
import { CrossEntropy } from './cross-entropy';
import { MSELoss } from './mse-loss';
import { NLLLoss } from './nll-loss';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';

const LOSSES = { SoftmaxCrossEntropy, CrossEntropy, NLLLoss, MSELoss, BCEWithLogits } as const;

const option = fc.oneof(
  fc.constantFrom(undefined, null, 'x', [], 3),
  fc.record({
    reduction: fc.constantFrom(undefined, 'mean', 'sum', 'none', null),
    labelSmoothing: fc.constantFrom(undefined, 0, 0.1, 1, 1.5, -0.1, Number.NaN),
    eps: fc.constantFrom(undefined, 1e-12, 0, Number.NaN, 1),
  }),
);
const target = fc.oneof(
  fc.array(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom(0.5, Number.NaN)), {
    minLength: 0,
    maxLength: 4,
  }),
  fc.constantFrom(
    'target',
    null,
    undefined,
    new Float32Array(3),
    new Int32Array([0, 1, 2]),
    new Uint8Array([3, 3, 3]),
  ),
  fc.constantFrom([3, 4], [3, 5], [2, 4]).map((shape) => Tensor.uniform(shape, { rng: createRng(1) })),
);

describe('losses: any options and targets give a finite loss or a plain Error naming the loss', () => {
  it('random options, targets and predictions', () => {
    const pred = fc
      .constantFrom([3, 4], [3], [0, 4], [3, 4, 1])
      .map((shape) => Tensor.uniform(shape, { rng: createRng(2) }));
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(LOSSES) as (keyof typeof LOSSES)[])),
        option,
        pred,
        target,
        (name, o, p, t) => {
          try {
            const loss = new LOSSES[name](o as never);
            const value = loss.forward(p, t as never);
            expect(Number.isFinite(value), `${name} returned ${value}`).toBe(true);
            const grad = loss.backward();
            expect(grad.shape).toEqual(p.shape);
            expect(grad.data.every(Number.isFinite)).toBe(true);
          } catch (error) {
            expect((error as Error).constructor, (error as Error).message).toBe(Error);
            expect((error as Error).message.startsWith(name)).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
