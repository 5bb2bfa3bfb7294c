import type { FloatArray } from '@scratchnet/tensor';
import { ElementwiseLayer } from './elementwise-layer';
import { erfc } from './erf';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(x) = P(Z ≤ x) via erfc, which keeps full relative accuracy in the left tail. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** The exact GELU, PyTorch's default: x·Φ(x); f' = Φ(x) + x·φ(x). */
export class GELU extends ElementwiseLayer {
  readonly kind = 'GELU';

  protected apply(x: FloatArray, y: FloatArray): void {
    for (let i = 0; i < x.length; i++) y[i] = x[i] * normalCdf(x[i]);
  }

  protected applyGradient(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      dx[i] = (normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)) * dy[i];
    }
  }
}
