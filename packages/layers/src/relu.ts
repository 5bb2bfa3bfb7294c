import { ElementwiseLayer } from './elementwise-layer';

/** max(0, x) (NaN stays NaN, as in PyTorch); the gradient at 0 is 0, as in the seeds and PyTorch. */
export class ReLU extends ElementwiseLayer {
  readonly kind = 'ReLU';

  protected value(x: number): number {
    return Math.max(x, 0);
  }

  protected slope(x: number): number {
    return x > 0 ? 1 : 0;
  }
}
