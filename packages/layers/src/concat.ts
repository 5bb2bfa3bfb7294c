import { add, concat, formatShape, formatValue, split, type Tensor } from '@scratchnet/tensor';
import {
  checkDy,
  childParameterGradients,
  childrenConfig,
  type NamedChildren,
  namedChildren,
} from './children';
import { Container } from './container';
import type { ForwardOptions, Layer } from './layer';
import type { LayerConfig } from './layer-config';
import { nameList } from './name-list';

export interface ConcatOptions {
  /** The dimension the branches' outputs are joined along (default 1: channels of NCHW). */
  dim?: number;
}

/**
 * Inception-style branches: each sees the same input, and their outputs are concatenated along
 * `dim`. Backward splits dy into each branch's share and adds the branches' dx. Branches given as
 * a list are named "0", "1", …; as a record, by their keys.
 */
export class Concat extends Container {
  readonly kind = 'Concat';
  readonly branches: NamedChildren;
  readonly dim: number;
  private readonly positional: boolean;
  private sizes: number[] | undefined;
  private output: { shape: readonly number[]; dtype: string } | undefined;

  constructor(branches: Layer[] | Record<string, Layer>, options: ConcatOptions = {}) {
    super();
    const { dim = 1 } = options;
    if (!Number.isInteger(dim)) throw new Error(`Concat: dim must be an integer, got ${formatValue(dim)}`);
    this.positional = Array.isArray(branches);
    this.branches = namedChildren('Concat', branches);
    if (this.branches.length === 0) throw new Error('Concat: needs at least one branch');
    this.dim = dim;
  }

  get children(): NamedChildren {
    return this.branches;
  }

  forward(x: Tensor, options?: ForwardOptions): Tensor {
    const outputs = this.branches.map(([, layer]) => layer.forward(x, options));
    const joined = this.join(
      outputs.map((y) => y.shape),
      x.shape,
    );
    this.sizes = outputs.map((y) => y.shape[joined]);
    const y = concat(outputs, this.dim);
    this.output = { shape: y.shape, dtype: y.dtype };
    return y;
  }

  backward(dy: Tensor): Tensor {
    const parts = this.shares('backward', dy);
    return this.branches.map(([, layer], i) => layer.backward(parts[i])).reduce((sum, dx) => add(sum, dx));
  }

  /** The parameter gradients of backward(dy), each branch with its share of dy, no dx formed. */
  backwardParameters(dy: Tensor): void {
    const parts = this.shares('backwardParameters', dy);
    this.branches.forEach(([, layer], i) => {
      childParameterGradients(layer, parts[i]);
    });
  }

  /** Each branch's share of dy, once dy is checked against the output. */
  private shares(op: string, dy: Tensor): Tensor[] {
    checkDy(`${this}`, op, dy, this.output);
    return split(dy, this.sizes ?? [], this.dim);
  }

  /** The joined axis, or an error naming the branches whose outputs cannot be concatenated. */
  private join(shapes: readonly (readonly number[])[], input: readonly number[]): number {
    const rank = shapes[0].length;
    const axis = this.dim < 0 ? this.dim + rank : this.dim;
    const fits = (s: readonly number[]) =>
      s.length === rank && s.every((size, k) => k === axis || size === shapes[0][k]);
    if (axis < 0 || axis >= rank || !shapes.every(fits)) {
      const listed = this.branches.map(([name], i) => `${name}: ${formatShape(shapes[i])}`).join(', ');
      throw new Error(
        `${this}: for input ${formatShape(input)} the branches give ${listed}, which cannot be concatenated along dim ${this.dim}`,
      );
    }
    return axis;
  }

  outputShape(inputShape: readonly number[]): number[] {
    const shapes = this.branches.map(([, layer]) => layer.outputShape(inputShape));
    const axis = this.join(shapes, inputShape);
    const out = [...shapes[0]];
    out[axis] = shapes.reduce((total, s) => total + s[axis], 0);
    return out;
  }

  config(): LayerConfig {
    return { kind: this.kind, args: [...childrenConfig(this.branches, this.positional), { dim: this.dim }] };
  }

  toString(): string {
    return `Concat(${nameList(
      this.branches.map(([name]) => name),
      true,
    )}; dim ${this.dim})`;
  }
}
