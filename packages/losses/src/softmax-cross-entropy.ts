import { logSoftmax, type Tensor } from '@scratchnet/tensor';
import { crossEntropySum } from './cross-entropy-sum';
import { gradientLike } from './gradient-like';
import { type ReductionOptions, SavedLoss } from './loss';
import { reductionScale } from './reduction';
import { parseLabelSmoothing, requireMatrix, type Target, targetDistribution } from './target';

export interface SoftmaxCrossEntropyOptions extends ReductionOptions {
  /** PyTorch's CrossEntropyLoss(label_smoothing): the target becomes (1 - s) * t + s / C. */
  labelSmoothing?: number;
}

interface Saved {
  logp: Tensor;
  q: Float64Array;
  scale: number;
}

/**
 * Cross-entropy from logits [N, C] (PyTorch's CrossEntropyLoss): log-softmax via
 * log-sum-exp, so logits of ±1000 give finite losses and gradients.
 * NaN in the logits propagates into the loss and gradient of its row, as in PyTorch.
 */
export class SoftmaxCrossEntropy extends SavedLoss<Saved> {
  private readonly labelSmoothing: number;

  constructor(options: SoftmaxCrossEntropyOptions = {}) {
    super('SoftmaxCrossEntropy', options);
    this.labelSmoothing = parseLabelSmoothing(this.name, options.labelSmoothing);
  }

  forward(logits: Tensor, target: Target): number {
    const { n } = requireMatrix(this.name, logits);
    const q = targetDistribution(this.name, logits, target, this.labelSmoothing);
    const logp = logSoftmax(logits, 1);
    const scale = reductionScale(this.reduction, n);
    this.save({ logp, q, scale });
    return crossEntropySum(logp.data, q, scale);
  }

  /** d/dz of -sum(q * log softmax(z)) = softmax(z) * sum(q) - q, per row, times the reduction scale. */
  protected gradient({ logp, q, scale }: Saved): Tensor {
    const c = logp.shape[1];
    return gradientLike(logp, (out) => {
      for (let row = 0; row < q.length; row += c) {
        let mass = 0;
        for (let j = row; j < row + c; j++) mass += q[j];
        for (let j = row; j < row + c; j++) out[j] = (Math.exp(logp.data[j]) * mass - q[j]) * scale;
      }
    });
  }
}
