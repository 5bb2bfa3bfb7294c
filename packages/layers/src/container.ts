import type { Tensor } from '@scratchnet/tensor';
import { childBuffers, childParameters, type NamedChildren, setChildrenTraining } from './children';
import type { ForwardOptions, Layer } from './layer';
import type { LayerConfig } from './layer-config';
import type { NamedBuffer, Parameter } from './parameter';
import {
  getStateDict,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  loadStateDict,
  type StateDict,
} from './state-dict';

/**
 * What every container (Sequential, Residual, Concat, Graph) shares: its children's parameters and
 * buffers under PyTorch's composed names, the mode switches, and the state dict. A container
 * supplies its named children and its own forward, backward, shapes and config.
 */
export abstract class Container implements Layer {
  abstract readonly kind: string;
  /** The sub-layers and the names they contribute to parameter names ("" inlines one). */
  abstract readonly children: NamedChildren;

  abstract forward(x: Tensor, options?: ForwardOptions): Tensor;
  abstract backward(dy: Tensor): Tensor;
  abstract outputShape(inputShape: readonly number[]): number[];
  abstract config(): LayerConfig;
  abstract toString(): string;

  get training(): boolean {
    return this.children.every(([, layer]) => layer.training);
  }

  set training(value: boolean) {
    setChildrenTraining(this.children, value);
  }

  parameters(): Parameter[] {
    return childParameters(this.children);
  }

  buffers(): NamedBuffer[] {
    return childBuffers(this.children);
  }

  train(): this {
    this.training = true;
    return this;
  }

  eval(): this {
    this.training = false;
    return this;
  }

  stateDict(): StateDict {
    return getStateDict(this);
  }

  loadStateDict(dict: StateDict, options?: LoadStateDictOptions): LoadStateDictResult {
    return loadStateDict(this, dict, options);
  }
}
