import { ElementwiseLayer } from './elementwise-layer';

/** tanh(x); f' = 1 - y². */
export class Tanh extends ElementwiseLayer {
  readonly kind = 'Tanh';

  protected value(x: number): number {
    return Math.tanh(x);
  }

  protected slope(_x: number, y: number): number {
    return 1 - y * y;
  }
}
