import type { ClassToken, PatchEmbedding, TokenPool } from '@scratchnet/layers';
import { attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName, param } from '../export-context';
import { reduceMean } from '../reduce-mean';
import { gatherStep } from './sequence';

/** Dimension `axis` of the step's input as a 1-element int64 value read at run time (Shape with start/end). */
const dimOf = (step: ExportStep, ctx: ExportContext, axis: number, name: string) =>
  ctx.graph.node('Shape', [step.input], `${nodeName(step)}/${name}`, {
    start: attr.int(axis),
    end: attr.int(axis + 1),
  });

/** PatchEmbedding: its `proj` Conv, the grid [N, E, rows, cols] as [N, E, T] (Reshape), then [N, T, E] (Transpose). */
function exportPatchEmbedding(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as PatchEmbedding;
  const grid = ctx.child(step, layer.proj, 'proj', step.input, step.inputShape);
  const shape = ctx.graph.int64s(`${nodeName(step)}/tokens_shape`, [0, layer.proj.outChannels, -1]);
  const tokens = ctx.graph.node('Reshape', [grid, shape], nodeName(step, 'tokens'));
  return ctx.graph.node('Transpose', [tokens], nodeName(step), { perm: attr.ints([0, 2, 1]) });
}

/** ClassToken: class_token [1, 1, E] expanded to [N, 1, E] (N read at run time), then Concat in front of the tokens. */
function exportClassToken(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as ClassToken;
  const { graph } = ctx;
  const rest = graph.int64s(`${nodeName(step)}/token_shape`, [1, layer.dim]);
  const shape = graph.node('Concat', [dimOf(step, ctx, 0, 'batch'), rest], nodeName(step, 'shape'), {
    axis: attr.int(0),
  });
  const tokens = graph.node('Expand', [param(step, ctx, 'class_token'), shape], nodeName(step, 'tokens'));
  return graph.node('Concat', [tokens, step.input], nodeName(step), { axis: attr.int(1) });
}

/** PositionalEmbedding: the first T rows of pos_embedding (Slice, T read at run time) added to the tokens. */
function exportPositionalEmbedding(step: ExportStep, ctx: ExportContext): string {
  const { graph } = ctx;
  const base = nodeName(step);
  const inputs = [
    param(step, ctx, 'pos_embedding'),
    graph.int64s(`${base}/starts`, [0]),
    dimOf(step, ctx, 1, 'tokens'),
    graph.int64s(`${base}/axes`, [1]),
  ];
  const positions = graph.node('Slice', inputs, nodeName(step, 'positions'));
  return graph.node('Add', [step.input, positions], base);
}

/** TokenPool: ReduceMean over the tokens ('mean'), else Gather of token 0 ('first') or −1 ('last'). */
function exportTokenPool(step: ExportStep, ctx: ExportContext): string {
  const { mode } = step.layer as TokenPool;
  if (mode === 'mean') return reduceMean(ctx, step.input, [1], nodeName(step), false);
  return gatherStep(step, ctx, mode === 'first' ? 0 : -1, 1);
}

export const tokenExporters: Record<string, LayerExporter> = {
  PatchEmbedding: exportPatchEmbedding,
  ClassToken: exportClassToken,
  PositionalEmbedding: exportPositionalEmbedding,
  TokenPool: exportTokenPool,
};
