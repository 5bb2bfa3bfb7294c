import { ViewLayer } from '@scratchnet/layers';
import { formatShape, formatValue } from '@scratchnet/tensor';

/**
 * ONNX's Reshape as a layer: the full target shape, batch included, which may hold 0 (keep that
 * input dimension) and one -1 (whatever size makes the element count match). Backward reshapes dy
 * back. importOnnx makes it for a Reshape that is not [0, ...rest] with no other 0; that common
 * batch-keeping case becomes the layers' own per-sample `Reshape(rest)`.
 */
export class OnnxReshape extends ViewLayer {
  readonly kind = 'OnnxReshape';
  readonly shape: readonly number[];

  constructor(shape: readonly number[]) {
    super();
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < -1)) {
      throw new Error(`OnnxReshape: shape must be an array of integers >= -1, got ${formatValue(shape)}`);
    }
    if (shape.filter((d) => d === -1).length > 1)
      throw new Error(`OnnxReshape: shape ${formatShape(shape)} has more than one -1`);
    this.shape = [...shape];
    this.configArgs = [[...shape]];
  }

  override toString(): string {
    return `OnnxReshape(${formatShape(this.shape)})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    const out = this.shape.map((d, i) => (d === 0 ? inputShape[i] : d));
    if (out.some((d) => d === undefined))
      throw this.inputError(`of rank >= ${this.shape.length}`, inputShape);
    const total = inputShape.reduce((p, d) => p * d, 1);
    const known = out.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const free = out.indexOf(-1);
    if (free >= 0 && known > 0 && total % known === 0) out[free] = total / known;
    if (out.includes(-1) || out.reduce((p, d) => p * d, 1) !== total) {
      throw this.inputError(`of ${formatShape(this.shape)}'s element count`, inputShape);
    }
    return out;
  }
}
