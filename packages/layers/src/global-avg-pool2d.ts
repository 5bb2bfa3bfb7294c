import { stepArray, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

/** Mean over H and W: [N, C, H, W] -> [N, C] (as Keras GlobalAveragePooling2D, torch x.mean((2, 3))). */
export class GlobalAvgPool2d extends BaseLayer<readonly number[]> {
  readonly kind = 'GlobalAvgPool2d';

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4 || inputShape[2] * inputShape[3] === 0) {
      throw this.inputError('[N, C, H, W] with H, W >= 1', inputShape);
    }
    return [inputShape[0], inputShape[1]];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected forwardPass(x: Tensor): [Tensor, readonly number[]] {
    const [n, c, h, w] = x.shape;
    const area = h * w;
    const y = stepArray(`${this}`, x.dtype, [n, c]);
    for (let plane = 0; plane < n * c; plane++) {
      let sum = 0;
      for (let i = plane * area; i < (plane + 1) * area; i++) sum += x.data[i];
      y[plane] = sum / area;
    }
    return [new Tensor(y, [n, c]), x.shape];
  }

  protected backwardPass(dy: Tensor, inputShape: readonly number[]): Tensor {
    const area = inputShape[2] * inputShape[3];
    const dx = stepArray(`${this}`, dy.dtype, inputShape, 'dx');
    for (let plane = 0; plane < dy.size; plane++)
      dx.fill(dy.data[plane] / area, plane * area, (plane + 1) * area);
    return new Tensor(dx, inputShape);
  }
}
