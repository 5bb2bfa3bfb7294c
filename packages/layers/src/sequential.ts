import { formatValue, type Tensor } from '@scratchnet/tensor';
import { childrenConfig, isLayer, isLayerRecord, type NamedChildren, namedChildren } from './children';
import { Container } from './container';
import type { ForwardOptions, Layer } from './layer';
import type { LayerConfig } from './layer-config';
import { summarize } from './summary';

/**
 * Layers applied in order; backward runs them in reverse. Names follow PyTorch: positional children
 * give "0.weight", "2.bias"; named ones (`new Sequential({ conv1, bn1, relu })`, as PyTorch's
 * Sequential of an OrderedDict) give "conv1.weight", "bn1.running_mean".
 */
export class Sequential extends Container {
  readonly kind = 'Sequential';
  readonly layers: readonly Layer[];
  /** The children and their names ("0", "1", … when given positionally). */
  readonly children: NamedChildren;
  private readonly positional: boolean;
  private ranForward = false;

  constructor(...layers: Layer[] | [Record<string, Layer>]) {
    super();
    const named = layers.length === 1 && isLayerRecord(layers[0]);
    layers.forEach((layer, i) => {
      if (!named && !isLayer(layer))
        throw new Error(`Sequential: argument ${i} is not a layer (got ${formatValue(layer)})`);
    });
    this.positional = !named;
    this.children = namedChildren(
      'Sequential',
      named ? (layers[0] as Record<string, Layer>) : (layers as Layer[]),
    );
    this.layers = this.children.map(([, layer]) => layer);
  }

  forward(x: Tensor, options?: ForwardOptions): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y, options);
    this.ranForward = true;
    return y;
  }

  backward(dy: Tensor): Tensor {
    if (!this.ranForward) throw new Error(`${this}: backward called before forward`);
    let dx = dy;
    for (let i = this.layers.length - 1; i >= 0; i--) dx = this.layers[i].backward(dx);
    return dx;
  }

  /**
   * The parameter gradients of `backward(dy)` without the input gradient: layers below the first
   * one with parameters are skipped, and that one computes no dx (`fit` calls this).
   */
  backwardParameters(dy: Tensor): void {
    if (!this.ranForward) throw new Error(`${this}: backwardParameters called before forward`);
    const first = this.layers.findIndex((layer) => layer.parameters().length > 0);
    let dx = dy;
    for (let i = this.layers.length - 1; i > first; i--) dx = this.layers[i].backward(dx);
    if (first < 0) return;
    const layer = this.layers[first];
    if (layer.backwardParameters) layer.backwardParameters(dx);
    else layer.backward(dx);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.layers.reduce<number[]>((shape, layer) => layer.outputShape(shape), [...inputShape]);
  }

  config(): LayerConfig {
    return { kind: this.kind, args: childrenConfig(this.children, this.positional) };
  }

  /** A Keras-style table of layers, output shapes and parameter counts for an input shape [N, …]. */
  summary(inputShape: readonly number[]): string {
    return summarize('Sequential', this.layers, inputShape);
  }

  toString(): string {
    return `Sequential(${this.layers.length} layers)`;
  }
}
