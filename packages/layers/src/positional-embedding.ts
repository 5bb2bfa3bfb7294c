import { allocate, type DType, type RngOptions, resolveRng, Tensor, validateShape } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { createParameter, type Parameter } from './parameter';
import { checkDtypeArg, optionsObject, positiveInteger } from './validate-args';

export interface PositionalEmbeddingOptions extends RngOptions {
  dtype?: DType;
}

/**
 * A learned position embedding added to a batch of token sequences: y[n, t] = x[n, t] + pos_embedding[0, t]
 * for x [N, T, dim] with T <= length (the first T positions are used). The parameter `pos_embedding`
 * [1, length, dim] is torchvision's ViT encoder's, initialised as there from N(0, 0.02²).
 */
export class PositionalEmbedding extends BaseLayer<null> {
  readonly kind = 'PositionalEmbedding';
  readonly length: number;
  readonly dim: number;
  readonly dtype: DType;
  readonly posEmbedding: Parameter;

  constructor(length: number, dim: number, rawOptions: PositionalEmbeddingOptions = {}) {
    super();
    positiveInteger('PositionalEmbedding', 'length', length);
    positiveInteger('PositionalEmbedding', 'dim', dim);
    const label = `PositionalEmbedding(${length}, ${dim})`;
    const options = optionsObject(label, rawOptions);
    this.dtype = checkDtypeArg(label, options.dtype ?? 'float32');
    const rng = resolveRng(label, options);
    validateShape(label, [1, length, dim], 'pos_embedding');
    const initial = Tensor.randn([1, length, dim], { rng, dtype: this.dtype, std: 0.02 });
    this.posEmbedding = createParameter('pos_embedding', initial);
    this.length = length;
    this.dim = dim;
    this.configArgs = [
      length,
      dim,
      jsonOptions({ dtype: this.dtype, seed: options.rng ? undefined : options.seed }),
    ];
  }

  override toString(): string {
    return `PositionalEmbedding(${this.length}, ${this.dim})`;
  }

  override parameters(): Parameter[] {
    return [this.posEmbedding];
  }

  outputShape(inputShape: readonly number[]): number[] {
    const [, tokens, dim] = inputShape;
    if (inputShape.length !== 3 || tokens > this.length || dim !== this.dim) {
      throw this.inputError(`[N, T, ${this.dim}] with T <= ${this.length}`, inputShape);
    }
    return [...inputShape];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor): [Tensor, null] {
    const block = x.shape[1] * this.dim;
    const pos = this.posEmbedding.value.data;
    const y = allocate(x.dtype, x.size);
    for (let o = 0; o < x.size; o += block) for (let i = 0; i < block; i++) y[o + i] = x.data[o + i] + pos[i];
    return [new Tensor(y, x.shape), null];
  }

  protected backwardPass(dy: Tensor): Tensor {
    this.parameterGradients(dy);
    return dy;
  }

  protected override parameterGradients(dy: Tensor): void {
    const block = dy.shape[1] * this.dim;
    const grad = this.posEmbedding.grad.data;
    for (let o = 0; o < dy.size; o += block) for (let i = 0; i < block; i++) grad[i] += dy.data[o + i];
  }
}
