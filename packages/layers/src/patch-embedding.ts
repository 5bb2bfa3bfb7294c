import { formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import { checkDy, childParameterGradients, type NamedChildren } from './children';
import { Container } from './container';
import { Conv2d } from './conv2d';
import { type ForwardOptions, requireTensor } from './layer';
import type { JsonValue, LayerConfig } from './layer-config';
import { jsonOptions } from './layer-config';
import { optionsObject, positiveInteger } from './validate-args';
import type { WeightedLayerOptions } from './weighted-layer';

export type PatchEmbeddingOptions = WeightedLayerOptions;

function patchSizeOf(patchSize: unknown): [number, number] {
  const pair = typeof patchSize === 'number' ? [patchSize, patchSize] : patchSize;
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new Error(
      `PatchEmbedding: patchSize must be a positive integer or [height, width], got ${formatValue(patchSize)}`,
    );
  }
  return [
    positiveInteger('PatchEmbedding', 'patch height', pair[0]),
    positiveInteger('PatchEmbedding', 'patch width', pair[1]),
  ];
}

/**
 * A ViT's patch embedding (timm's PatchEmbed): `proj`, a Conv2d with kernel = stride = patchSize,
 * cuts images [N, C, H, W] into non-overlapping patches and embeds each, then the grid is flattened
 * into tokens: [N, (H/ph)·(W/pw), embedDim], row by row. H and W must be multiples of the patch size
 * (a Conv2d would drop the remainder silently). Parameters `proj.weight`, `proj.bias`.
 */
export class PatchEmbedding extends Container {
  readonly kind = 'PatchEmbedding';
  readonly children: NamedChildren;
  readonly proj: Conv2d;
  readonly patchSize: [number, number];
  private readonly configArgs: JsonValue[];
  private grid: readonly number[] | undefined;
  private output: { shape: readonly number[]; dtype: string } | undefined;

  constructor(
    inChannels: number,
    embedDim: number,
    patchSize: number | readonly [number, number],
    rawOptions: PatchEmbeddingOptions = {},
  ) {
    super();
    const patch = patchSizeOf(patchSize);
    const options = optionsObject('PatchEmbedding', rawOptions);
    const { bias = true, dtype = 'float32', init = 'default', rng, seed } = options;
    this.proj = new Conv2d(inChannels, embedDim, patch, { bias, dtype, init, rng, seed, stride: patch });
    this.patchSize = patch;
    this.children = [['proj', this.proj]];
    this.configArgs = [
      inChannels,
      embedDim,
      [...patch],
      jsonOptions({ bias, dtype, init, seed: rng ? undefined : seed }),
    ];
  }

  toString(): string {
    const [ph, pw] = this.patchSize;
    return `PatchEmbedding(${this.proj.inChannels} -> ${this.proj.outChannels}, patch ${ph}x${pw})`;
  }

  config(): LayerConfig {
    return { kind: this.kind, args: structuredClone(this.configArgs) };
  }

  outputShape(inputShape: readonly number[]): number[] {
    const [ph, pw] = this.patchSize;
    const [batch, channels, height, width] = inputShape;
    if (
      inputShape.length !== 4 ||
      channels !== this.proj.inChannels ||
      height % ph !== 0 ||
      width % pw !== 0
    ) {
      throw new Error(
        `${this}: expected input [N, ${this.proj.inChannels}, H, W] with H a multiple of ${ph} and W of ${pw}, got ${formatShape(inputShape)}`,
      );
    }
    return [batch, (height / ph) * (width / pw), this.proj.outChannels];
  }

  forward(x: Tensor, options?: ForwardOptions): Tensor {
    requireTensor(`${this}: forward`, 'input', x);
    this.outputShape(x.shape);
    const grid = this.proj.forward(x, options);
    const [batch, dim, rows, cols] = grid.shape;
    const y = grid.reshape([batch, dim, rows * cols]).permute([0, 2, 1]);
    this.grid = grid.shape;
    this.output = { shape: y.shape, dtype: y.dtype };
    return y;
  }

  backward(dy: Tensor): Tensor {
    return this.proj.backward(this.gridGradient('backward', dy));
  }

  backwardParameters(dy: Tensor): void {
    childParameterGradients(this.proj, this.gridGradient('backwardParameters', dy));
  }

  /** dy [N, tokens, dim] back in the convolution's layout [N, dim, rows, cols]. */
  private gridGradient(op: string, dy: Tensor): Tensor {
    requireTensor(`${this}: ${op}`, 'dy', dy);
    checkDy(`${this}`, op, dy, this.output);
    return dy.permute([0, 2, 1]).reshape(this.grid as number[]);
  }
}
