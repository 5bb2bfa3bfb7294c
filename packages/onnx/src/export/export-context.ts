import type { Layer } from '@scratchnet/layers';
import type { DType, Tensor } from '@scratchnet/tensor';
import type { GraphBuilder } from './graph-builder';

/** One layer to export: where it sits in the model, the value it reads and that value's shape. */
export interface ExportStep<L extends Layer = Layer> {
  layer: L;
  /**
   * Its path in the model with "_" between the names the state dict joins with "." ("layer1_0_conv1");
   * '' for the model itself. Nodes and initializers are named after it ("layer1_0_conv1.weight"), names
   * that importOnnx keeps as they are, so that export → import → export gives the same bytes.
   */
  path: string;
  input: string;
  /** The static shape of `input`, batch included (the batch becomes symbolic with dynamicBatch). */
  inputShape: readonly number[];
}

/** What a converter can ask of the export in progress. */
export interface ExportContext {
  graph: GraphBuilder;
  opset: number;
  /** The dtype of the values flowing through the graph (the model's parameters'). */
  dtype: DType;
  /** Exports a sub-layer named `name` under `step.path` ('' inlines it); returns its output value. */
  child(parent: ExportStep, layer: Layer, name: string, input: string, inputShape: readonly number[]): string;
}

/**
 * Writes the ONNX nodes of one layer kind and returns the name of the value holding its output.
 * Parameters become initializers under their state-dict names (`param`).
 */
export type LayerExporter<L extends Layer = Layer> = (step: ExportStep<L>, ctx: ExportContext) => string;

/** "layer1_0" + "conv1" -> "layer1_0_conv1"; an empty part is inlined. */
export function joinPath(prefix: string, name: string): string {
  return prefix && name ? `${prefix}_${name}` : prefix || name;
}

/** The node name for the `op` of a layer: its path, or the op type for a nameless root. */
export function nodeName(step: ExportStep, suffix?: string): string {
  const base = step.path || step.layer.kind;
  return suffix ? `${base}/${suffix}` : base;
}

/** Adds the layer's parameter or buffer `name` as an initializer (optionally seen as `shape`). */
export function param(step: ExportStep, ctx: ExportContext, name: string, shape?: readonly number[]): string {
  const found =
    step.layer.parameters().find((p) => p.name === name)?.value ??
    step.layer.buffers().find((b) => b.name === name)?.value;
  if (!found) throw new Error(`exportOnnx: ${step.layer} has no parameter or buffer "${name}"`);
  const tensor: Tensor = shape ? found.reshape(shape) : found;
  return ctx.graph.initializer(`${nodeName(step)}.${name}`, tensor);
}

/** The layer's constructor arguments (its public config): the options object is the last of them. */
export function configArgs(layer: Layer): unknown[] {
  return layer.config().args as unknown[];
}
