import { GRU, LSTM, type RecurrentLayer } from '@scratchnet/layers';
import { formatShape, Tensor } from '@scratchnet/tensor';
import { inverseOrder, ONNX_GATE_ORDER, type RecurrentKind, reorderGates } from '../../recurrent-gates';
import { dynamicInput, fill, type ImportContext, type OpImporter, requireConstant } from '../import-context';

/** Attributes of ONNX's LSTM / GRU that scratchnet's layers have no counterpart for. */
const UNSUPPORTED = ['activations', 'activation_alpha', 'activation_beta', 'clip'];

/** Checks the node's attributes; returns hidden_size and whether it is bidirectional. */
function settings(ctx: ImportContext, kind: RecurrentKind) {
  for (const name of UNSUPPORTED)
    if (ctx.attrs.has(name)) throw ctx.fail(`attribute "${name}" is not supported`);
  if (ctx.attrs.int('layout', 0) !== 0) throw ctx.fail('layout = 1 is not supported');
  if (kind === 'LSTM' && ctx.attrs.int('input_forget', 0) !== 0)
    throw ctx.fail('input_forget = 1 is not supported');
  if (kind === 'GRU' && ctx.attrs.int('linear_before_reset', 0) !== 1) {
    throw ctx.fail("linear_before_reset = 0 is not supported (PyTorch's GRU, and scratchnet's, is 1)");
  }
  const direction = ctx.attrs.string('direction', 'forward');
  if (direction !== 'forward' && direction !== 'bidirectional')
    throw ctx.fail(`direction "${direction}" is not supported (forward and bidirectional are)`);
  return { hidden: ctx.attrs.int('hidden_size'), bidirectional: direction === 'bidirectional' };
}

/** Block d of a [D, …] constant as a tensor of `shape`. */
const directionOf = (t: Tensor, d: number, shape: number[]) => {
  const size = t.size / t.shape[0];
  return new Tensor(t.data.slice(d * size, (d + 1) * size), shape);
};

/**
 * LSTM / GRU stacks, as import fuses them (ctx.stack): a scratchnet LSTM or GRU of that many layers,
 * each direction's W, R and B split back into weight_ih, weight_hh, bias_ih and bias_hh with the gate
 * blocks in PyTorch's order.
 */
function importRecurrent(ctx: ImportContext): ReturnType<OpImporter> {
  const kind = ctx.opType as RecurrentKind;
  if (!ctx.stack) {
    throw ctx.fail(
      `import reads ${kind} whose output Y [T, D, N, H] goes through Transpose [0, 2, 1, 3] and Reshape [0, 0, -1] to [T, N, D·H] (as exportOnnx writes it), without sequence_lens, initial states or a read Y_h / Y_c`,
    );
  }
  const x = dynamicInput(ctx);
  const { hidden, bidirectional } = settings(ctx, kind);
  const shape = ctx.shape(0);
  if (shape.length !== 3) throw ctx.fail(`its input is ${formatShape(shape)}; expected [T, N, inputSize]`);
  const { layers: numLayers, batchFirst } = ctx.stack;
  const bias = ctx.given(3);
  const options = { numLayers, bidirectional, batchFirst, bias, dtype: ctx.dtype, seed: 0 };
  const layer: RecurrentLayer =
    kind === 'LSTM' ? new LSTM(shape[2], hidden, options) : new GRU(shape[2], hidden, options);
  const directions = bidirectional ? 2 : 1;
  const order = inverseOrder(ONNX_GATE_ORDER[kind]);
  const width = order.length * hidden;
  const params = new Map(layer.parameters().map((p) => [p.name, p.value]));
  for (let k = 0; k < numLayers; k++) {
    const inputSize = k === 0 ? shape[2] : directions * hidden;
    const constant = (offset: number, what: string, expected: number[]) => {
      const t = requireConstant(ctx, 1 + 3 * k + offset, `${what} of layer ${k}`);
      if (formatShape(t.shape) !== formatShape(expected))
        throw ctx.fail(
          `its ${what} of layer ${k} is ${formatShape(t.shape)}, expected ${formatShape(expected)}`,
        );
      return t;
    };
    const w = constant(0, 'W', [directions, width, inputSize]);
    const r = constant(1, 'R', [directions, width, hidden]);
    const b = bias ? constant(2, 'B', [directions, 2 * width]) : null;
    for (let d = 0; d < directions; d++) {
      const suffix = `_l${k}${d === 1 ? '_reverse' : ''}`;
      const put = (name: string, value: Tensor) =>
        fill(params.get(`${name}${suffix}`)!, reorderGates(value, order), ctx, `${name}${suffix}`);
      put('weight_ih', directionOf(w, d, [width, inputSize]));
      put('weight_hh', directionOf(r, d, [width, hidden]));
      if (b) {
        const both = directionOf(b, d, [2 * width]);
        put('bias_ih', new Tensor(both.data.slice(0, width), [width]));
        put('bias_hh', new Tensor(both.data.slice(width), [width]));
      }
    }
  }
  return { layer, input: x };
}

export const recurrentImporters: Record<string, OpImporter> = {
  LSTM: importRecurrent,
  GRU: importRecurrent,
};
