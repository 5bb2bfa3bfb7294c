import {
  add,
  type DType,
  formatShape,
  formatValue,
  type RngOptions,
  resolveRng,
  type Tensor,
} from '@scratchnet/tensor';
import { checkDy, childParameterGradients, type NamedChildren } from './children';
import { Container } from './container';
import { Dropout } from './dropout';
import { GELU } from './gelu';
import { type ForwardOptions, requireTensor } from './layer';
import { type JsonValue, jsonOptions, type LayerConfig } from './layer-config';
import { LayerNorm } from './layer-norm';
import { Linear } from './linear';
import { MultiheadAttention } from './multihead-attention';
import { ReLU } from './relu';
import { dropProbability, optionsObject, positiveInteger } from './validate-args';

export interface TransformerEncoderLayerOptions extends RngOptions {
  /** Width of the feed-forward block (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward block, and on the attention weights (default 0.1). */
  dropout?: number;
  activation?: 'relu' | 'gelu';
  layerNormEps?: number;
  /** Sequences as [N, L, E] instead of [L, N, E]. */
  batchFirst?: boolean;
  /** Pre-norm: x + sa(norm1(x)), then + ff(norm2(·)); default post-norm: norm1(x + sa(x)), then norm2(· + ff(·)). */
  normFirst?: boolean;
  /** Biases of the projections, linear layers and layer norms (default true). */
  bias?: boolean;
  dtype?: DType;
}

const ACTIVATIONS = ['relu', 'gelu'] as const;

/**
 * PyTorch's nn.TransformerEncoderLayer: self-attention and a feed-forward block
 * linear2(dropout(activation(linear1(x)))), each with a residual connection and a LayerNorm, under
 * PyTorch's names (`self_attn.in_proj_weight`, `linear1.weight`, `norm2.bias`, …). `forward(x, options)`
 * takes the attention masks in its options (PyTorch's src_mask is `attnMask`, src_key_padding_mask is
 * `keyPaddingMask`); a Sequential passes them on to every layer. All its random draws (initialisation
 * and the four dropouts) come from one generator.
 */
export class TransformerEncoderLayer extends Container {
  readonly kind = 'TransformerEncoderLayer';
  readonly children: NamedChildren;
  readonly dModel: number;
  readonly nhead: number;
  readonly normFirst: boolean;
  readonly selfAttn: MultiheadAttention;
  readonly linear1: Linear;
  readonly linear2: Linear;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  private readonly dropouts: { inner: Dropout; attention: Dropout; feedForward: Dropout };
  private readonly activation: ReLU | GELU;
  private readonly configArgs: JsonValue[];
  private output: { shape: readonly number[]; dtype: string } | undefined;

  constructor(dModel: number, nhead: number, rawOptions: TransformerEncoderLayerOptions = {}) {
    positiveInteger('TransformerEncoderLayer', 'dModel', dModel);
    positiveInteger('TransformerEncoderLayer', 'nhead', nhead);
    const label = `TransformerEncoderLayer(dModel=${dModel}, nhead=${nhead})`;
    const options = optionsObject(label, rawOptions);
    const {
      dimFeedforward = 2048,
      dropout = 0.1,
      activation = 'relu',
      layerNormEps = 1e-5,
      batchFirst = false,
      normFirst = false,
      bias = true,
      dtype = 'float32',
    } = options;
    if (dModel % nhead !== 0)
      throw new Error(`${label}: dModel (${dModel}) must be divisible by nhead (${nhead})`);
    positiveInteger(label, 'dimFeedforward', dimFeedforward);
    if (!ACTIVATIONS.includes(activation)) {
      throw new Error(
        `${label}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${formatValue(activation)}`,
      );
    }
    if (typeof normFirst !== 'boolean') {
      throw new Error(`${label}: normFirst must be true or false, got ${formatValue(normFirst)}`);
    }
    dropProbability(label, 'dropout', dropout);
    super();
    const rng = resolveRng(label, options);
    this.dModel = dModel;
    this.nhead = nhead;
    this.normFirst = normFirst;
    this.selfAttn = new MultiheadAttention(dModel, nhead, { batchFirst, dropout, bias, dtype, rng });
    this.linear1 = new Linear(dModel, dimFeedforward, { rng, dtype, bias });
    this.linear2 = new Linear(dimFeedforward, dModel, { rng, dtype, bias });
    const norm = () => new LayerNorm(dModel, { eps: layerNormEps, bias, dtype });
    this.norm1 = norm();
    this.norm2 = norm();
    const drop = () => new Dropout(dropout, { rng });
    this.dropouts = { inner: drop(), attention: drop(), feedForward: drop() };
    this.activation = activation === 'gelu' ? new GELU() : new ReLU();
    // PyTorch's attribute order, which is also the order of its parameters.
    this.children = [
      ['self_attn', this.selfAttn],
      ['linear1', this.linear1],
      ['dropout', this.dropouts.inner],
      ['linear2', this.linear2],
      ['norm1', this.norm1],
      ['norm2', this.norm2],
      ['dropout1', this.dropouts.attention],
      ['dropout2', this.dropouts.feedForward],
      ['activation', this.activation],
    ];
    const seed = options.rng ? undefined : options.seed;
    const stored = {
      dimFeedforward,
      dropout,
      activation,
      layerNormEps,
      batchFirst,
      normFirst,
      bias,
      dtype,
      seed,
    };
    this.configArgs = [dModel, nhead, jsonOptions(stored)];
  }

  toString(): string {
    return `TransformerEncoderLayer(dModel=${this.dModel}, nhead=${this.nhead})`;
  }

  config(): LayerConfig {
    return { kind: this.kind, args: structuredClone(this.configArgs) };
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3 || inputShape[2] !== this.dModel) {
      const layout = this.selfAttn.batchFirst ? `[N, L, ${this.dModel}]` : `[L, N, ${this.dModel}]`;
      throw new Error(
        `${this}: expected input ${layout} (batchFirst ${this.selfAttn.batchFirst}), got ${formatShape(inputShape)}`,
      );
    }
    return [...inputShape];
  }

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    requireTensor(`${this}: forward`, 'input', x);
    this.outputShape(x.shape);
    let y: Tensor;
    if (this.normFirst) {
      const h = add(x, this.attend(this.norm1.forward(x, options), options));
      y = add(h, this.feedForward(this.norm2.forward(h, options), options));
    } else {
      const h = this.norm1.forward(add(x, this.attend(x, options)), options);
      y = this.norm2.forward(add(h, this.feedForward(h, options)), options);
    }
    this.output = { shape: y.shape, dtype: y.dtype };
    return y;
  }

  backward(dy: Tensor): Tensor {
    return this.backpropagate('backward', dy, true) as Tensor;
  }

  backwardParameters(dy: Tensor): void {
    this.backpropagate('backwardParameters', dy, false);
  }

  /** dropout1(self_attn(x)). */
  private attend(x: Tensor, options: ForwardOptions): Tensor {
    return this.dropouts.attention.forward(this.selfAttn.forward(x, options), options);
  }

  /** The feed-forward block in order: dropout2(linear2(dropout(activation(linear1(x))))). */
  private get feedForwardLayers() {
    return [this.linear1, this.activation, this.dropouts.inner, this.linear2, this.dropouts.feedForward];
  }

  /** The feed-forward block over the tokens as rows [tokens, dModel]. */
  private feedForward(x: Tensor, options: ForwardOptions): Tensor {
    const layers = this.feedForwardLayers;
    const rows = x.reshape([x.size / this.dModel, this.dModel]);
    return layers.reduce((h, layer) => layer.forward(h, options), rows).reshape(x.shape);
  }

  private feedForwardBackward(dy: Tensor): Tensor {
    const layers = this.feedForwardLayers;
    const rows = dy.reshape([dy.size / this.dModel, this.dModel]);
    return layers.reduceRight((g, layer) => layer.backward(g), rows).reshape(dy.shape);
  }

  /** The gradient through dropout1 and self_attn, or (without `needDx`) only its parameter gradients. */
  private attendBackward(dy: Tensor, needDx: boolean): Tensor | undefined {
    const g = this.dropouts.attention.backward(dy);
    if (needDx) return this.selfAttn.backward(g);
    childParameterGradients(this.selfAttn, g);
    return undefined;
  }

  private backpropagate(op: string, dy: Tensor, needDx: boolean): Tensor | undefined {
    requireTensor(`${this}: ${op}`, 'dy', dy);
    checkDy(`${this}`, op, dy, this.output);
    if (this.normFirst) {
      const dh = add(dy, this.norm2.backward(this.feedForwardBackward(dy)));
      const dNormed = this.attendBackward(dh, true) as Tensor;
      if (!needDx) return void childParameterGradients(this.norm1, dNormed);
      return add(dh, this.norm1.backward(dNormed));
    }
    const dz2 = this.norm2.backward(dy);
    const dz1 = this.norm1.backward(add(dz2, this.feedForwardBackward(dz2)));
    const dAttended = this.attendBackward(dz1, needDx);
    return dAttended && add(dz1, dAttended);
  }
}
