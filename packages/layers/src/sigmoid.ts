import type { FloatArray } from '@scratchnet/tensor';
import { ElementwiseLayer } from './elementwise-layer';

/** 1 / (1 + e^-x) without overflow for large |x|: e^x / (1 + e^x) for x < 0. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** The logistic function; f' = y(1 − y). */
export class Sigmoid extends ElementwiseLayer {
  readonly kind = 'Sigmoid';

  protected apply(x: FloatArray, y: FloatArray): void {
    for (let i = 0; i < x.length; i++) y[i] = sigmoid(x[i]);
  }

  protected applyGradient(_x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    for (let i = 0; i < y.length; i++) dx[i] = y[i] * (1 - y[i]) * dy[i];
  }
}
