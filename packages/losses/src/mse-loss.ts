import type { Tensor } from '@scratchnet/tensor';
import { gradientLike } from './gradient-like';
import { type ReductionOptions, SavedLoss } from './loss';
import { reductionScale } from './reduction';
import { requireTensorLike, type Target } from './target';

interface Saved {
  pred: Tensor;
  target: Tensor;
  scale: number;
}

/** Mean (or sum) of squared errors over all elements, as PyTorch's MSELoss. NaN propagates. */
export class MSELoss extends SavedLoss<Saved> {
  constructor(options: ReductionOptions = {}) {
    super('MSELoss', options);
  }

  forward(pred: Tensor, target: Target): number {
    const t = requireTensorLike(this.name, pred, target);
    const scale = reductionScale(this.reduction, pred.size);
    let total = 0;
    for (let i = 0; i < pred.size; i++) {
      const d = pred.data[i] - t.data[i];
      total += d * d;
    }
    this.save({ pred, target: t, scale });
    return total * scale;
  }

  protected gradient({ pred, target, scale }: Saved): Tensor {
    return gradientLike(pred, (out) => {
      for (let i = 0; i < out.length; i++) out[i] = 2 * (pred.data[i] - target.data[i]) * scale;
    });
  }
}
