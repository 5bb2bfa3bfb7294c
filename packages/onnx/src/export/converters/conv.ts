import type { Conv2d, ConvTranspose2d } from '@scratchnet/layers';
import { type Conv2dOptions, resolveConv2dGeometry } from '@scratchnet/tensor';
import { attr } from '../attributes';
import { configArgs, type ExportStep, type LayerExporter, nodeName, param } from '../export-context';

const pairOf = (v: unknown): [number, number] =>
  typeof v === 'number' ? [v, v] : [(v as number[])[0], (v as number[])[1]];

/** The options object a convolution layer was built with (its config's last argument). */
const optionsOf = (layer: Conv2d | ConvTranspose2d) =>
  configArgs(layer)[3] as Conv2dOptions & { outputPadding?: unknown; bias: boolean };

function weightAndBias(step: ExportStep<Conv2d | ConvTranspose2d>, ctx: Parameters<LayerExporter>[1]) {
  const inputs = [step.input, param(step, ctx, 'weight')];
  if (step.layer.bias) inputs.push(param(step, ctx, 'bias'));
  return inputs;
}

/**
 * Conv2d: ONNX Conv with the padding resolved for the input size ('same' included) and written as
 * ONNX orders it, [top, left, bottom, right].
 */
function exportConv2d(step: ExportStep<Conv2d>, ctx: Parameters<LayerExporter>[1]): string {
  const { layer } = step;
  const options = optionsOf(layer);
  const g = resolveConv2dGeometry(step.inputShape, layer.weight.value.shape, options, `${layer}`);
  return ctx.graph.node('Conv', weightAndBias(step, ctx), nodeName(step), {
    kernel_shape: attr.ints(layer.kernelSize),
    strides: attr.ints([g.strideHeight, g.strideWidth]),
    pads: attr.ints([g.padTop, g.padLeft, g.padBottom, g.padRight]),
    dilations: attr.ints([g.dilationHeight, g.dilationWidth]),
    group: attr.int(g.groups),
  });
}

/** ConvTranspose2d: ONNX ConvTranspose, same weight layout [inC, outC/groups, kH, kW]. */
function exportConvTranspose2d(step: ExportStep<ConvTranspose2d>, ctx: Parameters<LayerExporter>[1]): string {
  const { layer } = step;
  const options = optionsOf(layer);
  const [ph, pw] = pairOf(options.padding ?? 0);
  return ctx.graph.node('ConvTranspose', weightAndBias(step, ctx), nodeName(step), {
    kernel_shape: attr.ints(layer.kernelSize),
    strides: attr.ints(pairOf(options.stride ?? 1)),
    pads: attr.ints([ph, pw, ph, pw]),
    output_padding: attr.ints(pairOf(options.outputPadding ?? 0)),
    dilations: attr.ints(pairOf(options.dilation ?? 1)),
    group: attr.int(options.groups ?? 1),
  });
}

export const convExporters: Record<string, LayerExporter> = {
  Conv2d: exportConv2d as LayerExporter,
  ConvTranspose2d: exportConvTranspose2d as LayerExporter,
};
