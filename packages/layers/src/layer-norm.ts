import { type DType, formatShape, formatValue } from '@scratchnet/tensor';
import { jsonOptions } from './layer-config';
import { RowNormLayer } from './row-norm-layer';
import type { RowLayout } from './row-norm-math';
import { optionsObject, positiveInteger } from './validate-args';

export interface LayerNormOptions {
  eps?: number;
  /** A learnable `weight` (γ) of the normalised shape, and a `bias` (β) unless `bias` is false. */
  elementwiseAffine?: boolean;
  bias?: boolean;
  dtype?: DType;
}

function shapeOf(normalizedShape: unknown): number[] {
  const dims = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(dims) || dims.length === 0) {
    throw new Error(
      `LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${formatValue(normalizedShape)}`,
    );
  }
  return dims.map((d, i) => positiveInteger('LayerNorm', `normalizedShape[${i}]`, d));
}

/**
 * PyTorch's nn.LayerNorm: each sample is normalised over its trailing `normalizedShape` dimensions
 * (mean and biased variance of those elements), then y = weight·x̂ + bias element by element.
 * Input [*, ...normalizedShape]; weight and bias have shape normalizedShape.
 */
export class LayerNorm extends RowNormLayer {
  readonly kind = 'LayerNorm';
  readonly normalizedShape: readonly number[];

  constructor(normalizedShape: number | readonly number[], rawOptions: LayerNormOptions = {}) {
    const options = optionsObject('LayerNorm', rawOptions);
    const dims = shapeOf(normalizedShape);
    const { eps = 1e-5, elementwiseAffine = true, bias = true, dtype = 'float32' } = options;
    const label = `LayerNorm(${formatShape(dims)})`;
    super(label, dims, { eps, weight: elementwiseAffine, bias: elementwiseAffine && bias, dtype });
    this.normalizedShape = dims;
    this.configArgs = [[...dims], jsonOptions({ eps, elementwiseAffine, bias, dtype })];
  }

  override toString(): string {
    return `LayerNorm(${formatShape(this.normalizedShape)})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    const dims = this.normalizedShape;
    const tail = inputShape.slice(inputShape.length - dims.length);
    if (inputShape.length < dims.length || tail.some((d, i) => d !== dims[i])) {
      throw this.inputError(`[*, ${dims.join(', ')}]`, inputShape);
    }
    return [...inputShape];
  }

  protected layoutOf(shape: readonly number[]): RowLayout {
    const length = this.normalizedShape.reduce((p, d) => p * d, 1);
    return { rows: shape.reduce((p, d) => p * d, 1) / length, length, period: 1, repeat: 1 };
  }
}
