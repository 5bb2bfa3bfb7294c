import { type AvgPool2dOptions, avgPool2d, avgPool2dBackward, type Tensor } from '@scratchnet/tensor';
import { type KernelSize, Pool2dLayer } from './pool2d-layer';

/** Window mean; with countIncludePad (default, as PyTorch) padded zeros count in the divisor. */
export class AvgPool2d extends Pool2dLayer<readonly number[], AvgPool2dOptions> {
  constructor(kernelSize: KernelSize, options: AvgPool2dOptions = {}) {
    super('AvgPool2d', kernelSize, options);
  }

  protected forwardPass(x: Tensor): [Tensor, readonly number[]] {
    return [avgPool2d(x, this.kernelSize, this.options), x.shape];
  }

  protected backwardPass(dy: Tensor, inputShape: readonly number[]): Tensor {
    return avgPool2dBackward(dy, inputShape, this.kernelSize, this.options);
  }
}
