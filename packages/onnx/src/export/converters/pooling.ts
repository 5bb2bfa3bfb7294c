import type { AdaptiveAvgPool2d, KernelSize } from '@scratchnet/layers';
import { type AvgPool2dOptions, resolvePool2dGeometry, Tensor } from '@scratchnet/tensor';
import { attr } from '../attributes';
import {
  configArgs,
  type ExportContext,
  type ExportStep,
  type LayerExporter,
  nodeName,
} from '../export-context';

/** MaxPool / AveragePool attributes from the layer's window, stride and padding for this input. */
function windowAttributes(step: ExportStep) {
  const [kernel, options] = configArgs(step.layer) as [KernelSize, AvgPool2dOptions];
  const g = resolvePool2dGeometry(step.inputShape, kernel, options, `${step.layer}`);
  return {
    options,
    attributes: {
      kernel_shape: attr.ints([g.kernelHeight, g.kernelWidth]),
      strides: attr.ints([g.strideHeight, g.strideWidth]),
      pads: attr.ints([g.padTop, g.padLeft, g.padBottom, g.padRight]),
    },
  };
}

/**
 * AdaptiveAvgPool2d: GlobalAveragePool for 1×1, an AveragePool when the windows tile the input
 * evenly, else the two averaging matrices of PyTorch's adaptive windows applied by MatMul
 * (rows [outH, H] on the left, columns [W, outW] on the right).
 */
function exportAdaptive(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as AdaptiveAvgPool2d;
  const [, , h, w] = step.inputShape;
  const [oh, ow] = layer.outputSize;
  if (oh === 1 && ow === 1) return ctx.graph.node('GlobalAveragePool', [step.input], nodeName(step));
  if (h % oh === 0 && w % ow === 0) {
    const window = [h / oh, w / ow];
    // The attributes an AvgPool2d of this window writes, so that the import of one exports as the other.
    return ctx.graph.node('AveragePool', [step.input], nodeName(step), {
      kernel_shape: attr.ints(window),
      strides: attr.ints(window),
      pads: attr.ints([0, 0, 0, 0]),
      count_include_pad: attr.int(0),
    });
  }
  const rows = averagingMatrix(h, oh, ctx);
  const cols = averagingMatrix(w, ow, ctx);
  const name = nodeName(step);
  const right = ctx.graph.node(
    'MatMul',
    [step.input, ctx.graph.initializer(`${name}/columns`, transpose(cols))],
    `${name}/MatMul_columns`,
  );
  return ctx.graph.node('MatMul', [ctx.graph.initializer(`${name}/rows`, rows), right], name);
}

/** [out, in]: row i averages inputs [⌊i·in/out⌋, ⌈(i+1)·in/out⌉), PyTorch's adaptive window. */
function averagingMatrix(inSize: number, outSize: number, ctx: ExportContext): Tensor {
  const m = Tensor.zeros([outSize, inSize], { dtype: ctx.dtype });
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let k = start; k < end; k++) m.data[i * inSize + k] = 1 / (end - start);
  }
  return m;
}

function transpose(m: Tensor): Tensor {
  const [r, c] = m.shape;
  const t = Tensor.zeros([c, r], { dtype: m.dtype });
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t.data[j * r + i] = m.data[i * c + j];
  return t;
}

export const poolingExporters: Record<string, LayerExporter> = {
  MaxPool2d: (step, ctx) =>
    ctx.graph.node('MaxPool', [step.input], nodeName(step), windowAttributes(step).attributes),
  AvgPool2d: (step, ctx) => {
    const { options, attributes } = windowAttributes(step);
    return ctx.graph.node('AveragePool', [step.input], nodeName(step), {
      ...attributes,
      count_include_pad: attr.int(options.countIncludePad === false ? 0 : 1),
    });
  },
  GlobalAvgPool2d: (step, ctx) => {
    const pooled = ctx.graph.node('GlobalAveragePool', [step.input], nodeName(step, 'GlobalAveragePool'));
    return ctx.graph.node('Flatten', [pooled], nodeName(step), { axis: attr.int(1) });
  },
  AdaptiveAvgPool2d: exportAdaptive,
};
