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

  protected value(x: number): number {
    return x > 0 ? x : this.negativeSlope * x;
  }

  protected slope(x: number): number {
    return x > 0 ? 1 : this.negativeSlope;
  }
}
