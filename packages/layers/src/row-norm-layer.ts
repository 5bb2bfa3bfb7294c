import { allocate, type DType, Tensor, validateShape } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { accumulateGrad, createParameter, type Parameter } from './parameter';
import { normalizeRows, normalizeRowsBackward, type RowLayout } from './row-norm-math';
import { checkDtypeArg, finiteNumber } from './validate-args';

export interface RowNormSettings {
  eps: number;
  /** Create the `weight` (γ, ones) and the `bias` (β, zeros), each of `affineShape`. */
  weight: boolean;
  bias: boolean;
  dtype: DType;
}

interface RowNormCache {
  xhat: Float64Array;
  invStd: Float64Array;
  layout: RowLayout;
}

/**
 * Shared by LayerNorm and GroupNorm: statistics per row of the input, always the current batch's
 * (no running statistics, the same in training and eval), then an optional per-element affine map.
 * A subclass says how an input shape splits into rows (`layoutOf`); the arithmetic is in row-norm-math.ts.
 */
export abstract class RowNormLayer extends BaseLayer<RowNormCache> {
  readonly eps: number;
  readonly dtype: DType;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(label: string, affineShape: readonly number[], settings: RowNormSettings) {
    super();
    this.eps = finiteNumber(label, 'eps', settings.eps);
    if (!(this.eps > 0)) throw new Error(`${label}: eps must be positive, got ${this.eps}`);
    this.dtype = checkDtypeArg(label, settings.dtype);
    if (settings.weight || settings.bias) validateShape(label, affineShape, 'weight');
    const full = (value: number) => Tensor.full(affineShape, value, { dtype: this.dtype });
    this.weight = settings.weight ? createParameter('weight', full(1)) : null;
    this.bias = settings.bias ? createParameter('bias', full(0)) : null;
  }

  override parameters(): Parameter[] {
    return [this.weight, this.bias].filter((p): p is Parameter => p !== null);
  }

  /** How `shape` (already checked by outputShape) splits into normalised rows. */
  protected abstract layoutOf(shape: readonly number[]): RowLayout;

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor): [Tensor, RowNormCache] {
    const layout = this.layoutOf(x.shape);
    const y = allocate(x.dtype, x.size);
    const affine = { gamma: this.weight?.value.data ?? null, beta: this.bias?.value.data ?? null };
    const { xhat, invStd } = normalizeRows(x.data, layout, this.eps, affine, y);
    return [new Tensor(y, x.shape), { xhat, invStd, layout }];
  }

  protected backwardPass(dy: Tensor, { xhat, invStd, layout }: RowNormCache): Tensor {
    const dx = allocate(dy.dtype, dy.size);
    const gradient = (p: Parameter | null) => (p ? new Float64Array(p.value.size) : null);
    const out = { dx, dGamma: gradient(this.weight), dBeta: gradient(this.bias) };
    normalizeRowsBackward(dy.data, { xhat, invStd }, this.weight?.value.data ?? null, layout, out);
    if (this.weight && out.dGamma) accumulateGrad(this.weight, out.dGamma);
    if (this.bias && out.dBeta) accumulateGrad(this.bias, out.dBeta);
    return new Tensor(dx, dy.shape);
  }
}
