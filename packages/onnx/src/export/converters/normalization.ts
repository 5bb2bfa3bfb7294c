import type { BatchNorm, GroupNorm, LayerNorm } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName, param } from '../export-context';
import { standardize } from '../reduce-mean';

/** The layer's parameter, or a constant of `value` in its place when the layer has no such parameter. */
function paramOr(step: ExportStep, ctx: ExportContext, name: string, value: number, shape: number[]): string {
  const has = step.layer.parameters().some((p) => p.name === name);
  if (has) return param(step, ctx, name, shape);
  return ctx.graph.initializer(`${nodeName(step)}/${name}`, Tensor.full(shape, value, { dtype: ctx.dtype }));
}

const scalar = (ctx: ExportContext, name: string, value: number) =>
  ctx.graph.initializer(name, Tensor.full([], value, { dtype: ctx.dtype }));

/**
 * BatchNorm1d/2d in inference: BatchNormalization with the running statistics. A layer that keeps
 * none (trackRunningStats false) normalises with the batch's own statistics in eval as well, which
 * is written out as ReduceMean over every axis but the channels.
 */
function exportBatchNorm(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as BatchNorm;
  const c = layer.numFeatures;
  if (layer.runningMean) {
    const inputs = [
      step.input,
      paramOr(step, ctx, 'weight', 1, [c]),
      paramOr(step, ctx, 'bias', 0, [c]),
      param(step, ctx, 'running_mean'),
      param(step, ctx, 'running_var'),
    ];
    return ctx.graph.node('BatchNormalization', inputs, nodeName(step), { epsilon: attr.float(layer.eps) });
  }
  const rank = step.inputShape.length;
  const axes = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2)];
  const perChannel = [c, ...Array.from({ length: rank - 2 }, () => 1)];
  return affine(
    step,
    ctx,
    standardize(ctx, step.input, axes, eps(step, ctx, layer.eps), nodeName(step)),
    perChannel,
  );
}

const eps = (step: ExportStep, ctx: ExportContext, value: number) =>
  scalar(ctx, `${nodeName(step)}/eps`, value);

/** y = x̂·weight + bias with the parameters seen as `shape` (either may be absent). */
function affine(step: ExportStep, ctx: ExportContext, normalized: string, shape: number[]): string {
  const names = new Set(step.layer.parameters().map((p) => p.name));
  let y = normalized;
  if (names.has('weight'))
    y = ctx.graph.node('Mul', [y, param(step, ctx, 'weight', shape)], nodeName(step, 'scale'));
  if (names.has('bias'))
    y = ctx.graph.node('Add', [y, param(step, ctx, 'bias', shape)], nodeName(step, 'shift'));
  return ctx.graph.node('Identity', [y], nodeName(step));
}

/** LayerNorm: LayerNormalization over the trailing normalizedShape axes (opset 17 and later). */
function exportLayerNorm(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as LayerNorm;
  const dims = [...layer.normalizedShape];
  const inputs = [step.input, paramOr(step, ctx, 'weight', 1, dims)];
  if (layer.bias) inputs.push(param(step, ctx, 'bias'));
  return ctx.graph.node('LayerNormalization', inputs, nodeName(step), {
    axis: attr.int(-dims.length),
    epsilon: attr.float(layer.eps),
  });
}

/**
 * GroupNorm as torch.onnx.export writes it (before opset 18's GroupNormalization, which runtimes
 * read unevenly): the input seen as [N, groups, rest] (Reshape), InstanceNormalization with scale 1
 * and bias 0, given back its shape (Reshape to Shape(x)), then Mul by the weight and Add of the
 * bias seen as [C, 1, …]. The last node carries the layer's name; import reads the pattern back.
 */
function exportGroupNorm(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as GroupNorm;
  const { graph } = ctx;
  const base = nodeName(step);
  const groups = layer.numGroups;
  const grouped = graph.node(
    'Reshape',
    [step.input, graph.int64s(`${base}/group_shape`, [0, groups, -1])],
    `${base}/grouped`,
  );
  const constant = (name: string, value: number) =>
    graph.initializer(`${base}/${name}`, Tensor.full([groups], value, { dtype: ctx.dtype }));
  const normalized = graph.node(
    'InstanceNormalization',
    [grouped, constant('instance_scale', 1), constant('instance_bias', 0)],
    `${base}/normalized`,
    { epsilon: attr.float(layer.eps) },
  );
  const shape = graph.node('Shape', [step.input], `${base}/input_shape`);
  const affine = layer.weight !== null;
  const restored = graph.node('Reshape', [normalized, shape], affine ? `${base}/restored` : base);
  if (!affine) return restored;
  const perChannel = [layer.numChannels, ...step.inputShape.slice(2).map(() => 1)];
  const scaled = graph.node('Mul', [restored, param(step, ctx, 'weight', perChannel)], `${base}/scale`);
  return graph.node('Add', [scaled, param(step, ctx, 'bias', perChannel)], base);
}

export const normalizationExporters: Record<string, LayerExporter> = {
  BatchNorm1d: exportBatchNorm,
  BatchNorm2d: exportBatchNorm,
  LayerNorm: exportLayerNorm,
  GroupNorm: exportGroupNorm,
};
