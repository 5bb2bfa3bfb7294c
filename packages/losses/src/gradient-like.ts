import { stepArray, Tensor } from '@scratchnet/tensor';

/** A tensor of pred's dtype and shape filled by `fill(out)`. */
export function gradientLike(pred: Tensor, fill: (out: Float32Array | Float64Array) => void): Tensor {
  const out = stepArray('loss gradient', pred.dtype, pred.shape, 'gradient');
  fill(out);
  return new Tensor(out, pred.shape);
}
