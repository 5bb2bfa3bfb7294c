import type { FloatArray } from '@scratchnet/tensor';
import { ElementwiseLayer } from './elementwise-layer';
import { float32Bits, reluBits, reluGradientBits } from './relu-bits';

/** max(0, x) (NaN stays NaN, as in PyTorch); the gradient at 0 is 0, as in the seeds and PyTorch. */
export class ReLU extends ElementwiseLayer {
  readonly kind = 'ReLU';

  protected apply(x: FloatArray, y: FloatArray): void {
    if (x instanceof Float32Array && y instanceof Float32Array) reluBits(float32Bits(x), float32Bits(y));
    else for (let i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0);
  }

  protected applyGradient(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    if (x instanceof Float32Array && dy instanceof Float32Array && dx instanceof Float32Array) {
      reluGradientBits(float32Bits(x), float32Bits(dy), float32Bits(dx));
    } else for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : 0;
  }
}
