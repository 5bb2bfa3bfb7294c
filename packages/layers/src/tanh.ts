import type { FloatArray } from '@scratchnet/tensor';
import { ElementwiseLayer } from './elementwise-layer';

/** tanh(x); f' = 1 − y². */
export class Tanh extends ElementwiseLayer {
  readonly kind = 'Tanh';

  protected apply(x: FloatArray, y: FloatArray): void {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  }

  protected applyGradient(_x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    for (let i = 0; i < y.length; i++) dx[i] = (1 - y[i] * y[i]) * dy[i];
  }
}
