import type { Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/** y = x and dx = dy, for any shape and dtype (PyTorch's nn.Identity): a placeholder in a model. */
export class Identity extends BaseLayer<null> {
  readonly kind = 'Identity';

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected checkInput(_x: Tensor): void {}

  protected forwardPass(x: Tensor): [Tensor, null] {
    return [x, null];
  }

  protected backwardPass(dy: Tensor): Tensor {
    return dy;
  }
}
