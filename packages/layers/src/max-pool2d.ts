import { maxPool2d, maxPool2dBackward, type Pool2dOptions, type Tensor } from '@scratchnet/tensor';
import { type KernelSize, Pool2dLayer } from './pool2d-layer';

interface MaxPoolCache {
  argmax: Int32Array;
  inputShape: readonly number[];
}

/** Window maximum; the gradient flows to the (first) maximal element of each window. */
export class MaxPool2d extends Pool2dLayer<MaxPoolCache> {
  constructor(kernelSize: KernelSize, options: Pool2dOptions = {}) {
    super('MaxPool2d', kernelSize, options);
  }

  protected forwardPass(x: Tensor): [Tensor, MaxPoolCache] {
    const { output, argmax } = maxPool2d(x, this.kernelSize, this.options);
    return [output, { argmax, inputShape: x.shape }];
  }

  protected backwardPass(dy: Tensor, { argmax, inputShape }: MaxPoolCache): Tensor {
    return maxPool2dBackward(dy, argmax, inputShape, this.kernelSize, this.options);
  }
}
