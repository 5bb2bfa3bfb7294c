import { Conv2d, ConvTranspose2d } from '@scratchnet/layers';
import type { Tensor } from '@scratchnet/tensor';
import { dynamicInput, fill, type ImportContext, type OpImporter, requireConstant } from '../import-context';

/** ONNX pads [top, left, bottom, right] as scratchnet's [top, bottom, left, right]; auto_pad resolved. */
function padding(ctx: ImportContext): [number, number, number, number] | 'same' {
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad === 'SAME_UPPER') return 'same';
  if (autoPad === 'VALID') return [0, 0, 0, 0];
  if (autoPad !== 'NOTSET')
    throw ctx.fail(`auto_pad ${autoPad} is not supported (NOTSET, VALID and SAME_UPPER are)`);
  const pads = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  if (pads.length !== 4) throw ctx.fail(`pads has ${pads.length} values; a 2-D window needs 4`);
  return [pads[0], pads[2], pads[1], pads[3]];
}

/** A 4-D constant weight and the window attributes that must agree with it. */
function weightOf(ctx: ImportContext) {
  const weight = requireConstant(ctx, 1, 'weight');
  if (weight.rank !== 4)
    throw ctx.fail(`its weight is ${weight.rank}-D; only 2-D convolutions (4-D weights) are supported`);
  const kernel = ctx.attrs.ints('kernel_shape', weight.shape.slice(2));
  if (kernel[0] !== weight.shape[2] || kernel[1] !== weight.shape[3]) {
    throw ctx.fail(`kernel_shape [${kernel}] disagrees with the weight [${weight.shape}]`);
  }
  const bias = ctx.given(2) ? requireConstant(ctx, 2, 'bias') : null;
  return { weight, bias, kernel: [kernel[0], kernel[1]] as [number, number] };
}

const pair = (values: number[], ctx: ImportContext, what: string): [number, number] => {
  if (values.length !== 2) throw ctx.fail(`${what} has ${values.length} values; a 2-D window needs 2`);
  return [values[0], values[1]];
};

function importConv(ctx: ImportContext): ReturnType<OpImporter> {
  const x = dynamicInput(ctx);
  const { weight, bias, kernel } = weightOf(ctx);
  const { groups, options } = commonOptions(ctx, bias);
  const layer = new Conv2d(weight.shape[1] * groups, weight.shape[0], kernel, {
    ...options,
    padding: padding(ctx),
  });
  return { layer: filled(layer, weight, bias, ctx), input: x };
}

/** Stride, dilation, groups, bias and dtype, read the same way for both convolutions. */
function commonOptions(ctx: ImportContext, bias: Tensor | null) {
  const groups = ctx.attrs.int('group', 1);
  const options = {
    stride: pair(ctx.attrs.ints('strides', [1, 1]), ctx, 'strides'),
    dilation: pair(ctx.attrs.ints('dilations', [1, 1]), ctx, 'dilations'),
    groups,
    bias: bias !== null,
    dtype: ctx.dtype,
    seed: 0,
  };
  return { groups, options };
}

/** The layer with the file's weight and bias in place of its initial ones. */
function filled<L extends Conv2d | ConvTranspose2d>(
  layer: L,
  weight: Tensor,
  bias: Tensor | null,
  ctx: ImportContext,
): L {
  fill(layer.weight.value, weight, ctx, 'weight');
  if (bias && layer.bias) fill(layer.bias.value, bias, ctx, 'bias');
  return layer;
}

function importConvTranspose(ctx: ImportContext): ReturnType<OpImporter> {
  const x = dynamicInput(ctx);
  const { weight, bias, kernel } = weightOf(ctx);
  if (ctx.attrs.has('output_shape'))
    throw ctx.fail('output_shape is not supported; give pads and output_padding');
  const pads = padding(ctx);
  if (pads === 'same' || pads[0] !== pads[1] || pads[2] !== pads[3]) {
    throw ctx.fail('only symmetric explicit pads are supported (as PyTorch writes them)');
  }
  const { groups, options } = commonOptions(ctx, bias);
  const layer = new ConvTranspose2d(weight.shape[0], weight.shape[1] * groups, kernel, {
    ...options,
    padding: [pads[0], pads[2]],
    outputPadding: pair(ctx.attrs.ints('output_padding', [0, 0]), ctx, 'output_padding'),
  });
  return { layer: filled(layer, weight, bias, ctx), input: x };
}

export const convImporters: Record<string, OpImporter> = {
  Conv: importConv,
  ConvTranspose: importConvTranspose,
};
