import { type DType, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/losses.json';
import { BCEWithLogits } from './bce-with-logits';
import { CrossEntropy } from './cross-entropy';
import type { Loss } from './loss';
import { MSELoss } from './mse-loss';
import { NLLLoss } from './nll-loss';
import { SoftmaxCrossEntropy } from './softmax-cross-entropy';
import { expectCloseRelative } from './test-support/gradcheck';

interface Case {
  name: string;
  loss: string;
  options: Record<string, unknown>;
  shape: number[];
  target: number[] | null;
  posWeight?: number[];
  float64: { pred: number[]; target?: number[]; loss: number; grad: number[] };
  float32: { pred: number[]; target?: number[]; loss: number; grad: number[] };
}

function makeLoss(c: Case, dtype: DType): Loss {
  const posWeight = c.posWeight ? Tensor.from(c.posWeight, { dtype }) : undefined;
  switch (c.loss) {
    case 'SoftmaxCrossEntropy':
      return new SoftmaxCrossEntropy(c.options);
    case 'CrossEntropy':
      return new CrossEntropy(c.options);
    case 'NLLLoss':
      return new NLLLoss(c.options);
    case 'MSELoss':
      return new MSELoss(c.options);
    case 'BCEWithLogits':
      return new BCEWithLogits({ ...c.options, posWeight });
  }
  throw new Error(`unknown loss ${c.loss}`);
}

// float64: the same algebra in another order (PyTorch's log_softmax, its label-smoothing
// split into (1-s)*nll + s*smooth) agrees to a few ulps of the largest term: 1e-12 relative.
// float32: PyTorch rounds every intermediate to float32 while we accumulate in float64,
// so the loss differs by ~sqrt(terms) * 6e-8; 1e-5 relative covers the sums of 20 terms.
const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };

describe('agrees with PyTorch (fixtures/generate.py)', () => {
  for (const c of fixture.cases as Case[]) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${c.name} (${dtype})`, () => {
        const ref = c[dtype];
        const pred = Tensor.from(ref.pred, c.shape, { dtype });
        const target = c.target ? c.target : Tensor.from(ref.target!, c.shape, { dtype });
        const loss = makeLoss(c, dtype);
        const value = loss.forward(pred, target);
        expect(Number.isFinite(value)).toBe(true);
        expectCloseRelative([value], [ref.loss], TOLERANCE[dtype], 'loss');
        const grad = loss.backward();
        expect(grad.dtype).toBe(dtype);
        expect(grad.shape).toEqual(c.shape);
        expectCloseRelative(grad.data, ref.grad, TOLERANCE[dtype], 'grad');
      });
    }
  }
});
