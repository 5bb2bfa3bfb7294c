import { BatchNorm1d, BatchNorm2d, LayerNorm } from '@scratchnet/layers';
import { dynamicInput, fill, type ImportContext, type OpImporter, requireConstant } from '../import-context';

/** BatchNormalization in inference: scale, B, mean and var constants per channel -> BatchNorm1d/2d. */
function importBatchNorm(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  if (ctx.attrs.int('training_mode', 0) !== 0) throw ctx.fail('training_mode = 1 is not supported');
  if ([1, 2].some((i) => ctx.outputUsed(i))) throw ctx.fail('its running-statistics outputs are used');
  const rank = ctx.shape(0).length;
  const channels = ctx.shape(0)[1];
  const options = { eps: ctx.attrs.float('epsilon', 1e-5), dtype: ctx.dtype };
  if (rank < 2 || rank > 4) throw ctx.fail(`a ${rank}-D input is not supported (2-, 3- and 4-D are)`);
  // The four constants first: their data, not the input's declared shape, bounds what is allocated.
  const names = ['scale', 'B', 'input_mean', 'input_var'];
  const values = names.map((name, i) => requireConstant(ctx, i + 1, name));
  if (values.some((v) => v.size !== channels))
    throw ctx.fail(`its per-channel constants must hold ${channels} values`);
  const layer = rank === 4 ? new BatchNorm2d(channels, options) : new BatchNorm1d(channels, options);
  const targets = [layer.weight!.value, layer.bias!.value, layer.runningMean!, layer.runningVar!];
  names.forEach((name, i) => {
    fill(targets[i], values[i], ctx, name);
  });
  return { layer, input };
}

/** LayerNormalization over the axes from `axis` on, with constant Scale and optional B. */
function importLayerNorm(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  if ([1, 2].some((i) => ctx.outputUsed(i))) throw ctx.fail('its Mean / InvStdDev outputs are used');
  const shape = ctx.shape(0);
  const axis = ctx.attrs.int('axis', -1);
  const start = axis < 0 ? axis + shape.length : axis;
  if (start < 1 || start >= shape.length)
    throw ctx.fail(`axis ${axis} of a ${shape.length}-D input is not supported`);
  const scale = requireConstant(ctx, 1, 'Scale');
  const bias = ctx.given(2) ? requireConstant(ctx, 2, 'B') : null;
  const size = shape.slice(start).reduce((p, d) => p * d, 1);
  if (scale.size !== size || (bias && bias.size !== size))
    throw ctx.fail(`its Scale and B must hold ${size} values`);
  const layer = new LayerNorm(shape.slice(start), {
    eps: ctx.attrs.float('epsilon', 1e-5),
    bias: bias !== null,
    dtype: ctx.dtype,
  });
  fill(layer.weight!.value, scale, ctx, 'Scale');
  if (bias) fill(layer.bias!.value, bias, ctx, 'B');
  return { layer, input };
}

export const normalizationImporters: Record<string, OpImporter> = {
  BatchNormalization: importBatchNorm,
  LayerNormalization: importLayerNorm,
};
