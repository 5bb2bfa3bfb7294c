import { ElementwiseLayer } from './elementwise-layer';

/** 1 / (1 + e^-x), evaluated without overflow for large |x|; f' = y(1 - y). */
export class Sigmoid extends ElementwiseLayer {
  readonly kind = 'Sigmoid';

  protected value(x: number): number {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  }

  protected slope(_x: number, y: number): number {
    return y * (1 - y);
  }
}
