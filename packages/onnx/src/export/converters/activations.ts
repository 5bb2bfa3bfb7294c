import type { LeakyReLU, Softmax } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { attr } from '../attributes';
import { type ExportStep, type LayerExporter, nodeName } from '../export-context';

/** An activation that is one ONNX operator without attributes. */
const plain =
  (opType: string): LayerExporter =>
  (step, ctx) =>
    ctx.graph.node(opType, [step.input], nodeName(step));

/** Softmax and LogSoftmax along their axis (opset 13 and later normalise along that one axis). */
const alongAxis =
  (opType: string): LayerExporter =>
  (step, ctx) =>
    ctx.graph.node(opType, [step.input], nodeName(step), { axis: attr.int((step.layer as Softmax).axis) });

/**
 * The exact GELU, x·Φ(x): the Gelu operator from opset 20, before it x·0.5·(1 + erf(x/√2)) as
 * PyTorch writes it (Div, Erf, Add, Mul, Mul), which import recognises as GELU again. The last node
 * carries the layer's name, as import names a recognised pattern after the node that gives its output.
 */
function exportGelu(step: ExportStep, ctx: Parameters<LayerExporter>[1]): string {
  const { graph } = ctx;
  if (ctx.opset >= 20) return graph.node('Gelu', [step.input], nodeName(step));
  const scalar = (name: string, value: number) =>
    graph.initializer(`${nodeName(step)}/${name}`, Tensor.full([], value, { dtype: ctx.dtype }));
  const div = graph.node('Div', [step.input, scalar('sqrt2', Math.SQRT2)], nodeName(step, 'Div'));
  const erf = graph.node('Erf', [div], nodeName(step, 'Erf'));
  const add = graph.node('Add', [erf, scalar('one', 1)], nodeName(step, 'Add'));
  const mul = graph.node('Mul', [step.input, add], nodeName(step, 'Mul'));
  return graph.node('Mul', [mul, scalar('half', 0.5)], nodeName(step));
}

export const activationExporters: Record<string, LayerExporter> = {
  ReLU: plain('Relu'),
  Sigmoid: plain('Sigmoid'),
  Tanh: plain('Tanh'),
  LeakyReLU: (step, ctx) =>
    ctx.graph.node('LeakyRelu', [step.input], nodeName(step), {
      alpha: attr.float((step.layer as LeakyReLU).negativeSlope),
    }),
  GELU: exportGelu,
  Softmax: alongAxis('Softmax'),
  LogSoftmax: alongAxis('LogSoftmax'),
};
