import type { Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/**
 * A layer whose output is its input seen in another shape (a view, no copy): a subclass says which
 * shape in `outputShape`; backward gives dy the input's shape back.
 */
export abstract class ViewLayer extends BaseLayer<readonly number[]> {
  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, readonly number[]] {
    return [x.reshape(this.outputShape(x.shape)), x.shape];
  }

  protected backwardPass(dy: Tensor, inputShape: readonly number[]): Tensor {
    return dy.reshape(inputShape);
  }
}
