import { allocate, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

interface ElementwiseCache {
  x: Tensor;
  y: Tensor;
}

/** An activation applied element by element: y = f(x), dx = f'(x) · dy, any shape. */
export abstract class ElementwiseLayer extends BaseLayer<ElementwiseCache> {
  /** f(x). */
  protected abstract value(x: number): number;
  /** f'(x), given also y = f(x) when that is cheaper. */
  protected abstract slope(x: number, y: number): number;

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected checkInput(_x: Tensor): void {}

  protected forwardPass(x: Tensor): [Tensor, ElementwiseCache] {
    const out = allocate(x.dtype, x.size);
    for (let i = 0; i < out.length; i++) out[i] = this.value(x.data[i]);
    const y = new Tensor(out, x.shape);
    return [y, { x, y }];
  }

  protected backwardPass(dy: Tensor, { x, y }: ElementwiseCache): Tensor {
    const dx = allocate(x.dtype, x.size);
    for (let i = 0; i < dx.length; i++) dx[i] = this.slope(x.data[i], y.data[i]) * dy.data[i];
    return new Tensor(dx, x.shape);
  }
}
