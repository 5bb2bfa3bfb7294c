import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from '@scratchnet/layers';
import { resolvePool2dGeometry } from '@scratchnet/tensor';
import { dynamicInput, type ImportContext, type OpImporter } from '../import-context';

/**
 * The window of MaxPool / AveragePool as scratchnet's (kernel, { stride, padding }). ONNX's default
 * stride is 1 (PyTorch's is the kernel). ceil_mode is accepted when it gives the floor size anyway.
 */
function window(ctx: ImportContext) {
  const kernel = ctx.attrs.ints('kernel_shape', []);
  if (kernel.length !== 2) throw ctx.fail(`kernel_shape [${kernel}] is not a 2-D window`);
  const strides = ctx.attrs.ints('strides', [1, 1]);
  const pads = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw ctx.fail(`auto_pad ${autoPad} is not supported`);
  if (strides.length !== 2 || pads.length !== 4)
    throw ctx.fail('strides and pads must describe a 2-D window');
  if (ctx.attrs.ints('dilations', [1, 1]).some((d) => d !== 1))
    throw ctx.fail('dilated pooling is not supported');
  const options = {
    stride: [strides[0], strides[1]] as [number, number],
    padding: [pads[0], pads[2], pads[1], pads[3]] as [number, number, number, number],
  };
  const kernelSize: [number, number] = [kernel[0], kernel[1]];
  if (ctx.attrs.int('ceil_mode', 0) !== 0) {
    const g = resolvePool2dGeometry(ctx.shape(0), kernelSize, options, ctx.where);
    const ceil = (size: number, k: number, s: number, p: number) => Math.ceil((size + p - k) / s) + 1;
    const [, , h, w] = ctx.shape(0);
    if (
      ceil(h, g.kernelHeight, g.strideHeight, g.padTop + g.padBottom) !== g.outHeight ||
      ceil(w, g.kernelWidth, g.strideWidth, g.padLeft + g.padRight) !== g.outWidth
    ) {
      throw ctx.fail('ceil_mode = 1 gives a larger output than floor mode here, which is not supported');
    }
  }
  return { kernelSize, options };
}

function importMaxPool(ctx: ImportContext): ReturnType<OpImporter> {
  if (ctx.outputUsed(1)) throw ctx.fail('its Indices output is used, which is not supported');
  const { kernelSize, options } = window(ctx);
  return { layer: new MaxPool2d(kernelSize, options), input: dynamicInput(ctx) };
}

function importAveragePool(ctx: ImportContext): ReturnType<OpImporter> {
  const { kernelSize, options } = window(ctx);
  const countIncludePad = ctx.attrs.int('count_include_pad', 0) !== 0;
  return { layer: new AvgPool2d(kernelSize, { ...options, countIncludePad }), input: dynamicInput(ctx) };
}

export const poolingImporters: Record<string, OpImporter> = {
  MaxPool: importMaxPool,
  AveragePool: importAveragePool,
  // [N, C, H, W] -> [N, C, 1, 1], which is what AdaptiveAvgPool2d(1) computes.
  GlobalAveragePool: (ctx) => {
    if (ctx.shape(0).length !== 4) throw ctx.fail('only 4-D [N, C, H, W] input is supported');
    return { layer: new AdaptiveAvgPool2d(1), input: dynamicInput(ctx) };
  },
};
