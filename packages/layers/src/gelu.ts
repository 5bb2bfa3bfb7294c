import { ElementwiseLayer } from './elementwise-layer';
import { erfc } from './erf';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(x) = P(Z ≤ x) via erfc, which keeps full relative accuracy in the left tail. */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x * INV_SQRT2);
}

/** The exact GELU, PyTorch's default: x·Φ(x); f' = Φ(x) + x·φ(x). */
export class GELU extends ElementwiseLayer {
  readonly kind = 'GELU';

  protected value(x: number): number {
    return x * normalCdf(x);
  }

  protected slope(x: number): number {
    return normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }
}
