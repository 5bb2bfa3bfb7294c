import {
  allocateFor,
  type DType,
  formatShape,
  formatValue,
  type RngOptions,
  resolveRng,
  stridesOf,
  Tensor,
  validateShape,
} from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { createParameter, type Parameter } from './parameter';
import { checkDtypeArg, optionsObject, positiveInteger } from './validate-args';

export interface EmbeddingOptions extends RngOptions {
  /** This row starts at zero and receives no gradient (PyTorch's padding_idx; negative counts from the end). */
  paddingIdx?: number | null;
  dtype?: DType;
}

interface Cache {
  ids: Int32Array;
  inputShape: readonly number[];
  inputDtype: DType;
}

/**
 * PyTorch's nn.Embedding: a lookup table `weight` [numEmbeddings, embeddingDim], initialised N(0, 1).
 * The input holds token ids as a float Tensor of integer values, of any shape [*]; the output is
 * [*, embeddingDim], row `id` of the table at each position. Ids are not differentiable: backward adds
 * dy into the rows that were read (scatter-add) and returns zeros of the input's shape and dtype.
 */
export class Embedding extends BaseLayer<Cache> {
  readonly kind = 'Embedding';
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly dtype: DType;
  readonly weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, rawOptions: EmbeddingOptions = {}) {
    super();
    positiveInteger('Embedding', 'numEmbeddings', numEmbeddings);
    positiveInteger('Embedding', 'embeddingDim', embeddingDim);
    const label = `Embedding(${numEmbeddings}, ${embeddingDim})`;
    const options = optionsObject(label, rawOptions);
    const { paddingIdx = null, dtype = 'float32' } = options;
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.dtype = checkDtypeArg(label, dtype);
    this.paddingIdx = paddingIdx === null ? null : paddingIndex(label, paddingIdx, numEmbeddings);
    const shape = [numEmbeddings, embeddingDim];
    validateShape(label, shape, 'weight');
    const rng = resolveRng(label, options);
    this.weight = createParameter('weight', Tensor.randn(shape, { rng, dtype }));
    if (this.paddingIdx !== null)
      this.weight.value.data.fill(0, this.rowStart(this.paddingIdx), this.rowStart(this.paddingIdx + 1));
    this.configArgs = [
      numEmbeddings,
      embeddingDim,
      jsonOptions({
        paddingIdx: this.paddingIdx ?? undefined,
        dtype,
        seed: options.rng ? undefined : options.seed,
      }),
    ];
  }

  override toString(): string {
    const padding = this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`;
    return `Embedding(${this.numEmbeddings}, ${this.embeddingDim}${padding})`;
  }

  override parameters(): Parameter[] {
    return [this.weight];
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1) throw this.inputError('token ids [*] of rank >= 1', inputShape);
    return [...inputShape, this.embeddingDim];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  private rowStart(id: number): number {
    return id * this.embeddingDim;
  }

  /** The ids as integers, or an error naming the first position that holds no valid id. */
  private idsOf(x: Tensor): Int32Array {
    const ids = new Int32Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const v = x.data[i];
      if (!Number.isInteger(v) || v < 0 || v >= this.numEmbeddings) {
        const strides = stridesOf(x.shape);
        const position = strides.map((s, d) => Math.floor(i / s) % x.shape[d]);
        throw new Error(
          `${this}: input holds token ids, integers in [0, ${this.numEmbeddings}); position ${formatShape(position)} of input ${formatShape(x.shape)} has ${formatValue(v)}`,
        );
      }
      ids[i] = v;
    }
    return ids;
  }

  protected forwardPass(x: Tensor): [Tensor, Cache] {
    const ids = this.idsOf(x);
    const outShape = this.outputShape(x.shape);
    const y = new Tensor(allocateFor(`${this}`, this.dtype, outShape), outShape);
    const table = this.weight.value.data;
    ids.forEach((id, i) => {
      y.data.set(table.subarray(this.rowStart(id), this.rowStart(id + 1)), this.rowStart(i));
    });
    return [y, { ids, inputShape: x.shape, inputDtype: x.dtype }];
  }

  protected backwardPass(dy: Tensor, cache: Cache): Tensor {
    this.parameterGradients(dy, cache);
    return Tensor.zeros(cache.inputShape, { dtype: cache.inputDtype });
  }

  /** Sums the rows of dy per id first, so that the gradient is added into once per backward. */
  protected override parameterGradients(dy: Tensor, { ids }: Cache): void {
    const dim = this.embeddingDim;
    const sums = new Map<number, Float64Array>();
    ids.forEach((id, i) => {
      if (id === this.paddingIdx) return;
      let row = sums.get(id);
      if (!row) {
        row = new Float64Array(dim);
        sums.set(id, row);
      }
      for (let j = 0; j < dim; j++) row[j] += dy.data[i * dim + j];
    });
    const grad = this.weight.grad.data;
    for (const [id, row] of sums) {
      const start = this.rowStart(id);
      for (let j = 0; j < dim; j++) grad[start + j] += row[j];
    }
  }
}

function paddingIndex(label: string, value: unknown, numEmbeddings: number): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < -numEmbeddings ||
    value >= numEmbeddings
  ) {
    throw new Error(
      `${label}: paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), got ${formatValue(value)}`,
    );
  }
  return value < 0 ? value + numEmbeddings : value;
}
