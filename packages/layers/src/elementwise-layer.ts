import { type FloatArray, stepArray, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

interface ElementwiseCache {
  x: Tensor;
  y: Tensor;
}

/**
 * An activation applied element by element to any shape: y = f(x), dx = f'(x)·dy.
 * Subclasses write both loops over the flat arrays (a tight loop per class keeps V8 fast).
 */
export abstract class ElementwiseLayer extends BaseLayer<ElementwiseCache> {
  /** y[i] = f(x[i]). */
  protected abstract apply(x: FloatArray, y: FloatArray): void;
  /** dx[i] = f'(x[i])·dy[i], with y = f(x) at hand when that is cheaper. */
  protected abstract applyGradient(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void;

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected checkInput(_x: Tensor): void {}

  protected forwardPass(x: Tensor): [Tensor, ElementwiseCache] {
    const y = new Tensor(stepArray(`${this}`, x.dtype, x.shape), x.shape);
    this.apply(x.data, y.data);
    return [y, { x, y }];
  }

  protected backwardPass(dy: Tensor, { x, y }: ElementwiseCache): Tensor {
    const dx = new Tensor(stepArray(`${this}`, x.dtype, x.shape, 'dx'), x.shape);
    this.applyGradient(x.data, y.data, dy.data, dx.data);
    return dx;
  }
}
