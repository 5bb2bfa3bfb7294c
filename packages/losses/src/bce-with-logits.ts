import { formatShape, Tensor } from '@scratchnet/tensor';
import { gradientLike } from './gradient-like';
import { type ReductionOptions, SavedLoss } from './loss';
import { reductionScale } from './reduction';
import { describeValue, requireTensorLike, type Target } from './target';

export interface BCEWithLogitsOptions extends ReductionOptions {
  /** PyTorch's pos_weight: one weight per class (size of pred's last dimension), multiplies the positive term. */
  posWeight?: Tensor;
}

interface Saved {
  pred: Tensor;
  target: Tensor;
  scale: number;
}

/**
 * Binary cross-entropy on logits, elementwise, in PyTorch's stable form
 * (1 - t) * x + w * (log(1 + exp(-|x|)) + max(-x, 0)) with w = 1 + (posWeight - 1) * t,
 * which is max(x, 0) - x * t + log(1 + exp(-|x|)) when posWeight is absent. NaN propagates.
 */
export class BCEWithLogits extends SavedLoss<Saved> {
  private readonly posWeight: Tensor | undefined;

  constructor(options: BCEWithLogitsOptions = {}) {
    super('BCEWithLogits', options);
    if (
      options.posWeight !== undefined &&
      !(options.posWeight instanceof Tensor && options.posWeight.rank === 1)
    ) {
      throw new Error(
        `${this.name}: posWeight must be a 1-D Tensor, got ${describeValue(options.posWeight)}`,
      );
    }
    this.posWeight = options.posWeight;
  }

  forward(logits: Tensor, target: Target): number {
    const t = requireTensorLike(this.name, logits, target);
    const weightOf = this.positiveWeights(logits);
    const scale = reductionScale(this.reduction, logits.size);
    let total = 0;
    for (let i = 0; i < logits.size; i++) {
      const x = logits.data[i];
      const w = 1 + (weightOf(i) - 1) * t.data[i];
      total += (1 - t.data[i]) * x + w * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0));
    }
    this.save({ pred: logits, target: t, scale });
    return total * scale;
  }

  /** d/dx = (1 - t) - w * sigmoid(-x). */
  protected gradient({ pred, target, scale }: Saved): Tensor {
    const weightOf = this.positiveWeights(pred);
    return gradientLike(pred, (out) => {
      for (let i = 0; i < out.length; i++) {
        const t = target.data[i];
        const w = 1 + (weightOf(i) - 1) * t;
        out[i] = (1 - t - w * sigmoid(-pred.data[i])) * scale;
      }
    });
  }

  private positiveWeights(logits: Tensor): (flatIndex: number) => number {
    const pw = this.posWeight;
    if (pw === undefined) return () => 1;
    const last = logits.rank === 0 ? 1 : logits.shape[logits.rank - 1];
    if (pw.size !== last && pw.size !== 1) {
      throw new Error(
        `${this.name}: posWeight of shape ${formatShape(pw.shape)} does not broadcast over the last dimension of pred ${formatShape(logits.shape)}`,
      );
    }
    return pw.size === 1 ? () => pw.data[0] : (i) => pw.data[i % last];
  }
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
