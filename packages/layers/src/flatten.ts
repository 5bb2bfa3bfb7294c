import { ViewLayer } from './view-layer';

/** The seeds' Vectorization: [N, d1, d2, …] -> [N, d1·d2·…]; a view, no copy. */
export class Flatten extends ViewLayer {
  readonly kind = 'Flatten';

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 2) throw this.inputError('[N, ...] of rank >= 2', inputShape);
    return [inputShape[0], inputShape.slice(1).reduce((p, d) => p * d, 1)];
  }
}
