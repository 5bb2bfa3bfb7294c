import type { FloatArray } from '@scratchnet/tensor';
import { ElementwiseLayer } from './elementwise-layer';
import { finiteNumber } from './validate-args';

/** x for x > 0, negativeSlope·x otherwise (the slope at 0 is negativeSlope, as in PyTorch). */
export class LeakyReLU extends ElementwiseLayer {
  readonly kind = 'LeakyReLU';
  readonly negativeSlope: number;

  constructor(negativeSlope = 0.01) {
    super();
    this.negativeSlope = finiteNumber('LeakyReLU', 'negativeSlope', negativeSlope);
    this.configArgs = [negativeSlope];
  }

  override toString(): string {
    return `LeakyReLU(${this.negativeSlope})`;
  }

  protected apply(x: FloatArray, y: FloatArray): void {
    const slope = this.negativeSlope;
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
  }

  protected applyGradient(x: FloatArray, _y: FloatArray, dy: FloatArray, dx: FloatArray): void {
    const slope = this.negativeSlope;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : slope * dy[i];
  }
}
