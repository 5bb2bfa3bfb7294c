import type { Tensor } from '@scratchnet/tensor';
import { gradientLike } from './gradient-like';
import { type ReductionOptions, SavedLoss } from './loss';
import { reductionScale } from './reduction';
import { readClassIndices, requireMatrix, type Target } from './target';

interface Saved {
  pred: Tensor;
  indices: Int32Array;
  scale: number;
}

/**
 * PyTorch's NLLLoss on log-probabilities [N, C] with class-index targets:
 * -sum_i logp[i, y_i] / N. (No class weights, no ignore_index.) NaN propagates.
 */
export class NLLLoss extends SavedLoss<Saved> {
  constructor(options: ReductionOptions = {}) {
    super('NLLLoss', options);
  }

  forward(logp: Tensor, target: Target): number {
    const { n, c } = requireMatrix(this.name, logp);
    const indices = readClassIndices(this.name, target, n, c);
    const scale = reductionScale(this.reduction, n);
    let total = 0;
    for (let i = 0; i < n; i++) total -= logp.data[i * c + indices[i]];
    this.save({ pred: logp, indices, scale });
    return total * scale;
  }

  protected gradient({ pred, indices, scale }: Saved): Tensor {
    const c = pred.shape[1];
    return gradientLike(pred, (out) => {
      for (let i = 0; i < indices.length; i++) out[i * c + indices[i]] = -scale;
    });
  }
}
