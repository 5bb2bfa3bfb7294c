import { allocate, assertDType, type DType, dtypeOf, type FloatArray } from './dtype';
import { formatTensor } from './format';
import { type RngOptions, resolveRng } from './resolve-rng';
import { formatShape, normalizeAxis, sameShape, stridesOf, validateShape } from './shape';

export type NestedArray = number | readonly NestedArray[];

export interface CreateOptions {
  dtype?: DType;
}

/** A dtype, and `rng` or `seed` (without either, the global generator: see `manualSeed`). */
export interface RandomOptions extends CreateOptions, RngOptions {}

/** A dense, contiguous, row-major array of float32 or float64 numbers with a shape. */
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: FloatArray;

  constructor(data: FloatArray, shape: readonly number[]) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new Error(
        `Tensor: data must be a Float32Array or Float64Array, got ${Object.prototype.toString.call(data)}`,
      );
    }
    const size = validateShape('Tensor', shape);
    if (size !== data.length) {
      throw new Error(`Tensor: shape ${formatShape(shape)} needs ${size} elements, data has ${data.length}`);
    }
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  static zeros(shape: readonly number[], options: CreateOptions = {}): Tensor {
    const dtype = assertDType('Tensor.zeros', options.dtype ?? 'float32');
    return new Tensor(allocate(dtype, validateShape('Tensor.zeros', shape)), shape);
  }

  static full(shape: readonly number[], value: number, options: CreateOptions = {}): Tensor {
    const dtype = assertDType('Tensor.full', options.dtype ?? 'float32');
    const data = allocate(dtype, validateShape('Tensor.full', shape));
    data.fill(value);
    return new Tensor(data, shape);
  }

  static ones(shape: readonly number[], options: CreateOptions = {}): Tensor {
    return Tensor.full(shape, 1, options);
  }

  /**
   * From a nested array (shape inferred, ragged input rejected), or from a flat
   * array / typed array with an explicit shape. Typed arrays are copied.
   */
  static from(
    values: NestedArray | ArrayLike<number>,
    shapeOrOptions?: readonly number[] | CreateOptions,
    options: CreateOptions = {},
  ): Tensor {
    const explicitShape = Array.isArray(shapeOrOptions) ? (shapeOrOptions as readonly number[]) : undefined;
    const opts = explicitShape ? options : ((shapeOrOptions as CreateOptions | undefined) ?? options);
    const fromTyped = values instanceof Float32Array || values instanceof Float64Array;
    const dtype = assertDType(
      'Tensor.from',
      opts.dtype ?? (values instanceof Float64Array ? 'float64' : 'float32'),
    );
    if (explicitShape) {
      const flat =
        fromTyped || ArrayBuffer.isView(values)
          ? (values as ArrayLike<number>)
          : flattenNested(values as NestedArray, []);
      const size = validateShape('Tensor.from', explicitShape);
      if (flat.length !== size) {
        throw new Error(
          `Tensor.from: shape ${formatShape(explicitShape)} needs ${size} elements, got ${flat.length}`,
        );
      }
      const data = allocate(dtype, size);
      data.set(flat as ArrayLike<number>);
      return new Tensor(data, explicitShape);
    }
    if (ArrayBuffer.isView(values)) {
      const flat = values as unknown as ArrayLike<number>;
      const data = allocate(dtype, flat.length);
      data.set(flat);
      return new Tensor(data, [flat.length]);
    }
    const shape: number[] = [];
    const flat = flattenNested(values as NestedArray, shape);
    const data = allocate(dtype, flat.length);
    data.set(flat);
    return new Tensor(data, shape);
  }

  static randn(
    shape: readonly number[],
    options: RandomOptions & { mean?: number; std?: number } = {},
  ): Tensor {
    const { mean = 0, std = 1 } = options;
    const rng = resolveRng('Tensor.randn', options);
    const t = Tensor.zeros(shape, options);
    for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * rng.normal();
    return t;
  }

  static uniform(
    shape: readonly number[],
    options: RandomOptions & { low?: number; high?: number } = {},
  ): Tensor {
    const { low = 0, high = 1 } = options;
    if (!(high >= low)) throw new Error(`Tensor.uniform: high (${high}) must be >= low (${low})`);
    const rng = resolveRng('Tensor.uniform', options);
    const t = Tensor.zeros(shape, options);
    for (let i = 0; i < t.data.length; i++) t.data[i] = low + (high - low) * rng.next();
    return t;
  }

  /** Numbers start, start+step, … below stop (NumPy's arange). */
  static arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): Tensor {
    if (stop === undefined) {
      stop = start;
      start = 0;
    }
    if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step) || step === 0) {
      throw new Error(
        `Tensor.arange: start, stop and step must be finite and step non-zero, got ${start}, ${stop}, ${step}`,
      );
    }
    const length = Math.max(0, Math.ceil((stop - start) / step));
    const t = Tensor.zeros([length], options);
    for (let i = 0; i < length; i++) t.data[i] = start + i * step;
    return t;
  }

  /** A view with a new shape over the same data; one dimension may be -1. */
  reshape(shape: readonly number[]): Tensor {
    const inferred = shape.indexOf(-1);
    if (inferred !== -1) {
      if (shape.indexOf(-1, inferred + 1) !== -1) {
        throw new Error(`reshape: only one dimension may be -1, got ${formatShape(shape)}`);
      }
      const known = shape.reduce((p, d, i) => (i === inferred ? p : p * d), 1);
      if (known === 0 || this.size % known !== 0) {
        throw new Error(
          `reshape: cannot reshape ${formatShape(this.shape)} (${this.size} elements) into ${formatShape(shape)}`,
        );
      }
      shape = shape.map((d, i) => (i === inferred ? this.size / known : d));
    }
    const size = validateShape('reshape', shape);
    if (size !== this.size) {
      throw new Error(
        `reshape: cannot reshape ${formatShape(this.shape)} (${this.size} elements) into ${formatShape(shape)}`,
      );
    }
    return new Tensor(this.data, shape);
  }

  /** A contiguous copy with the axes reordered. */
  permute(axes: readonly number[]): Tensor {
    const rank = this.rank;
    if (axes.length !== rank) {
      throw new Error(
        `permute: axes ${formatShape(axes)} must list each of the ${rank} axes of ${formatShape(this.shape)}`,
      );
    }
    const order = axes.map((a) => normalizeAxis('permute', a, rank));
    if (new Set(order).size !== rank) throw new Error(`permute: axes ${formatShape(axes)} repeat an axis`);
    const outShape = order.map((a) => this.shape[a]);
    const inStrides = stridesOf(this.shape);
    const stepOf = order.map((a) => inStrides[a]);
    const out = allocate(this.dtype, this.size);
    const index = new Array<number>(rank).fill(0);
    let src = 0;
    for (let o = 0; o < out.length; o++) {
      out[o] = this.data[src];
      for (let d = rank - 1; d >= 0; d--) {
        index[d]++;
        src += stepOf[d];
        if (index[d] < outShape[d]) break;
        src -= stepOf[d] * outShape[d];
        index[d] = 0;
      }
    }
    return new Tensor(out, outShape);
  }

  /** Reverses the axes (matrix transpose for rank 2), or swaps two given axes. */
  transpose(axisA?: number, axisB?: number): Tensor {
    const axes = [...this.shape.keys()];
    if (axisA === undefined) return this.permute(axes.reverse());
    const a = normalizeAxis('transpose', axisA, this.rank);
    const b = normalizeAxis('transpose', axisB ?? -1, this.rank);
    [axes[a], axes[b]] = [axes[b], axes[a]];
    return this.permute(axes);
  }

  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  astype(dtype: DType): Tensor {
    assertDType('astype', dtype);
    const out = allocate(dtype, this.size);
    out.set(this.data);
    return new Tensor(out, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new Error(`item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, not 1`);
    return this.data[0];
  }

  /** Nested JavaScript arrays (a number for rank 0). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.rank) return this.data[offset];
      const stride = this.shape.slice(dim + 1).reduce((p, d) => p * d, 1);
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  equalShape(other: Tensor): boolean {
    return sameShape(this.shape, other.shape);
  }

  toString(): string {
    return formatTensor(this);
  }
}

function flattenNested(values: NestedArray, shapeOut: number[]): number[] {
  if (typeof values === 'number') return [values];
  // The shape comes from the first path down; every branch is then checked against it.
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    shapeOut.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const flat: number[] = [];
  const walk = (value: NestedArray, depth: number) => {
    if (depth === shapeOut.length) {
      if (typeof value !== 'number') {
        throw new Error(
          `Tensor.from: ragged nested array (expected a number at depth ${depth}, got ${typeof value})`,
        );
      }
      flat.push(value);
      return;
    }
    if (!Array.isArray(value) || value.length !== shapeOut[depth]) {
      throw new Error(
        `Tensor.from: ragged nested array (expected ${shapeOut[depth]} entries at depth ${depth}, got ${Array.isArray(value) ? value.length : typeof value})`,
      );
    }
    for (const v of value) walk(v, depth + 1);
  };
  walk(values, 0);
  return flat;
}
