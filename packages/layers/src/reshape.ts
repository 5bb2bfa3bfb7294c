import { formatShape, formatValue } from '@scratchnet/tensor';
import { ViewLayer } from './view-layer';

function checkShapeArg(shape: unknown): number[] {
  const valid =
    Array.isArray(shape) &&
    shape.length > 0 &&
    shape.every((d) => d === -1 || (Number.isInteger(d) && d > 0)) &&
    shape.filter((d) => d === -1).length <= 1;
  if (!valid) {
    throw new Error(
      `Reshape: shape must be a non-empty array of positive integers with at most one -1, got ${formatValue(shape)}`,
    );
  }
  return [...(shape as number[])];
}

/**
 * Reshapes each sample and keeps the batch dimension: [N, …] -> [N, ...shape], one entry of `shape`
 * may be -1 (inferred). PyTorch's `x.view(x.size(0), *shape)`, or nn.Unflatten(1, shape) on [N, F];
 * a view, no copy.
 */
export class Reshape extends ViewLayer {
  readonly kind = 'Reshape';
  readonly shape: readonly number[];

  constructor(shape: readonly number[]) {
    super();
    this.shape = checkShapeArg(shape);
    this.configArgs = [[...this.shape]];
  }

  override toString(): string {
    return `Reshape(${formatShape(this.shape)})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1) throw this.inputError('[N, ...]', inputShape);
    const perSample = inputShape.slice(1).reduce((p, d) => p * d, 1);
    const known = this.shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const inferred = this.shape.includes(-1);
    if (inferred ? perSample % known !== 0 : perSample !== known) {
      throw new Error(
        `${this}: cannot reshape each sample of input ${formatShape(inputShape)} (${perSample} elements) into ${formatShape(this.shape)}`,
      );
    }
    return [inputShape[0], ...this.shape.map((d) => (d === -1 ? perSample / known : d))];
  }
}
