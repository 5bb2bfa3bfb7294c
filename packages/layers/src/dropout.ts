import { allocate, type Rng, type RngOptions, resolveRng, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { dropProbability, optionsObject } from './validate-args';

/**
 * Inverted dropout: in training each element is kept with probability 1 − p and scaled by
 * 1 / (1 − p), so that eval mode is the identity. Subclasses drop larger units (Dropout2d: whole
 * channels) by overriding `kind` and `unitSize`. The mask comes from the layer's generator: `rng`,
 * else one made from `seed`, else the global one (see `manualSeed`). `rng` is public: replace it with
 * `createRng(seed)` to replay a mask, e.g. in a gradient check.
 */
export class Dropout extends BaseLayer<FloatArrayOrNull> {
  get kind(): string {
    return 'Dropout';
  }

  readonly p: number;
  rng: Rng;

  constructor(p = 0.5, rawOptions: RngOptions = {}) {
    super();
    const options = optionsObject(this.kind, rawOptions);
    this.p = dropProbability(this.kind, 'p', p);
    this.rng = resolveRng(`${this}`, options);
    this.configArgs = [p, jsonOptions({ seed: options.rng ? undefined : options.seed })];
  }

  override toString(): string {
    return `${this.kind}(p=${this.p})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  protected checkInput(_x: Tensor): void {}

  /** How many consecutive elements share one keep-or-drop draw: 1 here, one element each. */
  protected unitSize(_shape: readonly number[]): number {
    return 1;
  }

  protected forwardPass(x: Tensor, training: boolean): [Tensor, FloatArrayOrNull] {
    if (!training || this.p === 0) return [x, null];
    const keep = 1 - this.p;
    const scale = 1 / keep;
    const unit = this.unitSize(x.shape);
    const mask = allocate(x.dtype, x.size);
    for (let start = 0; start < x.size; start += unit)
      mask.fill(this.rng.next() < keep ? scale : 0, start, start + unit);
    const y = allocate(x.dtype, x.size);
    for (let i = 0; i < y.length; i++) y[i] = x.data[i] * mask[i];
    return [new Tensor(y, x.shape), mask];
  }

  protected backwardPass(dy: Tensor, mask: FloatArrayOrNull): Tensor {
    if (!mask) return dy;
    const dx = allocate(dy.dtype, dy.size);
    for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i] * mask[i];
    return new Tensor(dx, dy.shape);
  }
}

type FloatArrayOrNull = Float32Array | Float64Array | null;
