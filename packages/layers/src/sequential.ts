import type { Tensor } from '@scratchnet/tensor';
import type { ForwardOptions, Layer } from './layer';
import type { LayerConfig } from './layer-config';
import { type NamedBuffer, type Parameter, renamedParameter } from './parameter';
import {
  getStateDict,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  loadStateDict,
  type StateDict,
} from './state-dict';
import { summarize } from './summary';

/** Layers applied in order; backward runs them in reverse. Names follow PyTorch: "0.weight", "2.bias". */
export class Sequential implements Layer {
  readonly kind = 'Sequential';
  readonly layers: readonly Layer[];
  private ranForward = false;

  constructor(...layers: Layer[]) {
    layers.forEach((layer, i) => {
      if (!layer || typeof layer.forward !== 'function' || typeof layer.backward !== 'function') {
        throw new Error(`Sequential: argument ${i} is not a layer (got ${String(layer)})`);
      }
    });
    this.layers = layers;
  }

  get training(): boolean {
    return this.layers.every((layer) => layer.training);
  }

  set training(value: boolean) {
    for (const layer of this.layers) layer.training = value;
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

  parameters(): Parameter[] {
    return this.layers.flatMap((layer, i) =>
      layer.parameters().map((p) => renamedParameter(`${i}.${p.name}`, p)),
    );
  }

  buffers(): NamedBuffer[] {
    return this.layers.flatMap((layer, i) =>
      layer.buffers().map((b) => ({ name: `${i}.${b.name}`, value: b.value })),
    );
  }

  train(): this {
    for (const layer of this.layers) layer.train();
    return this;
  }

  eval(): this {
    for (const layer of this.layers) layer.eval();
    return this;
  }

  outputShape(inputShape: readonly number[]): number[] {
    return this.layers.reduce<number[]>((shape, layer) => layer.outputShape(shape), [...inputShape]);
  }

  config(): LayerConfig {
    return {
      kind: this.kind,
      args: this.layers.map((layer) => layer.config()) as unknown as LayerConfig['args'],
    };
  }

  stateDict(): StateDict {
    return getStateDict(this);
  }

  loadStateDict(dict: StateDict, options?: LoadStateDictOptions): LoadStateDictResult {
    return loadStateDict(this, dict, options);
  }

  /** A Keras-style table of layers, output shapes and parameter counts for an input shape [N, …]. */
  summary(inputShape: readonly number[]): string {
    return summarize('Sequential', this.layers, inputShape);
  }

  toString(): string {
    return `Sequential(${this.layers.length} layers)`;
  }
}
