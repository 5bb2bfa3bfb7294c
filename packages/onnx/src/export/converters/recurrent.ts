import type { RecurrentLayer } from '@scratchnet/layers';
import { concat, type Tensor } from '@scratchnet/tensor';
import { ONNX_GATE_ORDER, type RecurrentKind, reorderGates } from '../../recurrent-gates';
import { attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName } from '../export-context';

/** The time-major ⇄ batch-first swap of a [T, N, F] / [N, T, F] sequence. */
export const SWAP_TIME_AND_BATCH = [1, 0, 2];
/** ONNX's recurrent output [T, D, N, H] as [T, N, D, H], before the Reshape to [T, N, D·H]. */
export const DIRECTIONS_LAST = [0, 2, 1, 3];
/** Reshape's [T, N, D, H] -> [T, N, D·H] (0 keeps a dimension, so T and N stay free). */
export const JOIN_DIRECTIONS = [0, 0, -1];

/** The value of parameter `name` of the layer. */
function value(layer: RecurrentLayer, name: string): Tensor {
  const found = layer.parameters().find((p) => p.name === name);
  if (!found) throw new Error(`exportOnnx: ${layer} has no parameter "${name}"`);
  return found.value;
}

/**
 * Layer k's ONNX W [D, G·H, in], R [D, G·H, H] and B [D, 2·G·H] (null without bias): each
 * direction's weight_ih, weight_hh and bias_ih ‖ bias_hh with its gate blocks in ONNX's order.
 */
function packed(layer: RecurrentLayer, k: number) {
  const order = ONNX_GATE_ORDER[layer.kind as RecurrentKind];
  const suffixes = layer.bidirectional ? [`_l${k}`, `_l${k}_reverse`] : [`_l${k}`];
  const gates = (name: string) => reorderGates(value(layer, name), order);
  const stack = (names: string[]) => {
    const parts = names.map((n) => gates(n));
    return concat(parts.map((p) => p.reshape([1, ...p.shape])));
  };
  const bias = layer.bias
    ? concat(suffixes.map((s) => concat([gates(`bias_ih${s}`), gates(`bias_hh${s}`)]).reshape([1, -1])))
    : null;
  return {
    w: stack(suffixes.map((s) => `weight_ih${s}`)),
    r: stack(suffixes.map((s) => `weight_hh${s}`)),
    b: bias,
  };
}

/**
 * LSTM and GRU: one ONNX LSTM / GRU node per layer (forward or bidirectional), its output
 * [T, D, N, H] made [T, N, D·H] by Transpose and Reshape, the next layer reading that; with
 * batchFirst a Transpose before and after. GRU is written with linear_before_reset = 1 (PyTorch's
 * GRU applies the reset gate after the hidden product). Inter-layer dropout is the identity in
 * inference. T and N both stay free. The last node carries the layer's name.
 */
function exportRecurrent(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as RecurrentLayer;
  const { graph } = ctx;
  const base = nodeName(step);
  const joinShape = graph.int64s(`${base}/shape`, JOIN_DIRECTIONS);
  let value = step.input;
  if (layer.batchFirst) {
    value = graph.node('Transpose', [value], `${base}/time_major`, { perm: attr.ints(SWAP_TIME_AND_BATCH) });
  }
  for (let k = 0; k < layer.numLayers; k++) {
    const { w, r, b } = packed(layer, k);
    const inputs = [value, graph.initializer(`${base}.W_l${k}`, w), graph.initializer(`${base}.R_l${k}`, r)];
    if (b) inputs.push(graph.initializer(`${base}.B_l${k}`, b));
    const attributes = {
      hidden_size: attr.int(layer.hiddenSize),
      direction: attr.string(layer.bidirectional ? 'bidirectional' : 'forward'),
      ...(layer.kind === 'GRU' ? { linear_before_reset: attr.int(1) } : {}),
    };
    const y = graph.node(layer.kind, inputs, `${base}/l${k}`, attributes);
    const t = graph.node('Transpose', [y], `${base}/l${k}/directions_last`, {
      perm: attr.ints(DIRECTIONS_LAST),
    });
    const last = k === layer.numLayers - 1 && !layer.batchFirst;
    value = graph.node('Reshape', [t, joinShape], last ? base : `${base}/l${k}/joined`);
  }
  if (layer.batchFirst) {
    value = graph.node('Transpose', [value], base, { perm: attr.ints(SWAP_TIME_AND_BATCH) });
  }
  return value;
}

export const recurrentExporters: Record<string, LayerExporter> = {
  LSTM: exportRecurrent,
  GRU: exportRecurrent,
};
