import { BatchNorm1d, BatchNorm2d, GroupNorm, LayerNorm } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
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

/** Whether a GroupNorm weight or bias constant is absent or the one scalar `identity` (no affine). */
const isIdentity = (t: Tensor | null, identity: number) => !t || (t.size === 1 && t.data[0] === identity);

/**
 * GroupNormalization (and the InstanceNormalization pattern torch.onnx.export writes, which import
 * fuses into it) -> GroupNorm. Its scale and bias hold one value per channel (opset 21, and the
 * fused pattern), per group (opsets 18 to 20) or a single value; both absent or the scalars 1 and 0
 * make a GroupNorm without affine.
 */
function importGroupNorm(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  const shape = ctx.shape(0);
  if (shape.length < 2) throw ctx.fail(`a ${shape.length}-D input is not supported ([N, C, *] is)`);
  const channels = shape[1];
  const groups = ctx.attrs.int('num_groups');
  if (!(groups >= 1 && channels % groups === 0))
    throw ctx.fail(`num_groups ${groups} does not divide the ${channels} channels`);
  const scale = ctx.given(1) ? requireConstant(ctx, 1, 'scale') : null;
  const bias = ctx.given(2) ? requireConstant(ctx, 2, 'bias') : null;
  const affine = !(isIdentity(scale, 1) && isIdentity(bias, 0));
  const layer = new GroupNorm(groups, channels, {
    eps: ctx.attrs.float('epsilon', 1e-5),
    affine,
    dtype: ctx.dtype,
  });
  const perChannel = (t: Tensor | null, fallback: number, what: string) => {
    const size = t?.size ?? 1;
    if (![1, groups, channels].includes(size))
      throw ctx.fail(
        `its ${what} holds ${size} values; expected 1, ${groups} (groups) or ${channels} (channels)`,
      );
    const values = Float64Array.from({ length: channels }, (_, c) => {
      if (!t) return fallback;
      return t.data[size === channels ? c : size === 1 ? 0 : Math.floor(c / (channels / groups))];
    });
    return Tensor.from(values, [channels]);
  };
  if (affine) {
    fill(layer.weight!.value, perChannel(scale, 1, 'scale'), ctx, 'scale');
    fill(layer.bias!.value, perChannel(bias, 0, 'bias'), ctx, 'bias');
  }
  return { layer, input };
}

export const normalizationImporters: Record<string, OpImporter> = {
  BatchNormalization: importBatchNorm,
  LayerNormalization: importLayerNorm,
  GroupNormalization: importGroupNorm,
};
