import type { Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/** The seeds' Vectorization: [N, d1, d2, …] -> [N, d1·d2·…]; a view, no copy. */
export class Flatten extends BaseLayer<readonly number[]> {
  readonly kind = 'Flatten';

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 2) throw this.inputError('[N, ...] of rank >= 2', inputShape);
    return [inputShape[0], inputShape.slice(1).reduce((p, d) => p * d, 1)];
  }

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
