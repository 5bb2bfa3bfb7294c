import { relu, reluBackward, type Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/**
 * max(0, x) (NaN stays NaN, as in PyTorch); the gradient at 0 is 0, as in the seeds and PyTorch.
 * Backward needs only where the output is positive, so the output is all it keeps.
 */
export class ReLU extends BaseLayer<Tensor> {
  readonly kind = 'ReLU';

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected checkInput(_x: Tensor): void {}

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const y = relu(x);
    return [y, y];
  }

  protected backwardPass(dy: Tensor, y: Tensor): Tensor {
    return reluBackward(y, dy);
  }
}
