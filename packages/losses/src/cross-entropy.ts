import type { Tensor } from '@scratchnet/tensor';
import { crossEntropySum } from './cross-entropy-sum';
import { gradientLike } from './gradient-like';
import { type ReductionOptions, SavedLoss } from './loss';
import { reductionScale } from './reduction';
import { requireMatrix, type Target, targetDistribution } from './target';

export interface CrossEntropyOptions extends ReductionOptions {
  /** Probabilities below eps are clamped to eps inside the log (default 1e-12). */
  eps?: number;
}

interface Saved {
  probs: Tensor;
  q: Float64Array;
  scale: number;
}

/**
 * Cross-entropy on probabilities [N, C] (e.g. the output of a SoftMax layer):
 * -sum(t * log(max(p, eps))) / N.
 *
 * p = 0 is handled by the clamp: the loss stays finite (-log(eps) = 27.6 per unit
 * of target mass at the default eps) and the gradient is that of the clamped function:
 * -t / p where p >= eps, 0 below eps. Probabilities outside [0, 1] are an error;
 * NaN propagates. Prefer SoftmaxCrossEntropy on logits: it is exact where this clamps.
 */
export class CrossEntropy extends SavedLoss<Saved> {
  private readonly eps: number;

  constructor(options: CrossEntropyOptions = {}) {
    super('CrossEntropy', options);
    const eps = options.eps ?? 1e-12;
    if (typeof eps !== 'number' || !(eps > 0 && eps < 1)) {
      throw new Error(`${this.name}: eps must be a number in (0, 1), got ${String(eps)}`);
    }
    this.eps = eps;
  }

  forward(probs: Tensor, target: Target): number {
    const { n } = requireMatrix(this.name, probs);
    const q = targetDistribution(this.name, probs, target);
    const logp = new Float64Array(probs.size);
    for (let i = 0; i < logp.length; i++) {
      const p = probs.data[i];
      if (p < 0 || p > 1) {
        throw new Error(`${this.name}: pred must hold probabilities in [0, 1], got ${p} at flat index ${i}`);
      }
      logp[i] = Math.log(Math.max(p, this.eps));
    }
    const scale = reductionScale(this.reduction, n);
    this.save({ probs, q, scale });
    return crossEntropySum(logp, q, scale);
  }

  protected gradient({ probs, q, scale }: Saved): Tensor {
    const p = probs.data;
    return gradientLike(probs, (out) => {
      for (let i = 0; i < q.length; i++) out[i] = q[i] !== 0 && p[i] >= this.eps ? (-q[i] / p[i]) * scale : 0;
    });
  }
}
