import type { LastStep } from '@scratchnet/layers';
import { DataType } from '../../proto/onnx-types';
import { attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName, param } from '../export-context';

/** Gather of the scalar `index` along `axis` of the step's input: one step of a sequence, that axis dropped. */
export function gatherStep(step: ExportStep, ctx: ExportContext, index: number, axis: number): string {
  const at = ctx.graph.int64s(`${nodeName(step)}/index`, [index], []);
  return ctx.graph.node('Gather', [step.input, at], nodeName(step), { axis: attr.int(axis) });
}

/**
 * Embedding and LastStep. scratchnet's Embedding reads token ids from a float tensor (the graph's
 * one input dtype), so the graph keeps that float input and casts it to int64 inside (Cast, which
 * truncates; scratchnet refuses non-integers), then takes rows of the weight with Gather on axis 0.
 * LastStep is Gather of index −1 along the time axis (0, or 1 with batchFirst), so T may vary.
 */
export const sequenceExporters: Record<string, LayerExporter> = {
  Embedding: (step, ctx) => {
    const ids = ctx.graph.node('Cast', [step.input], nodeName(step, 'ids'), { to: attr.int(DataType.INT64) });
    return ctx.graph.node('Gather', [param(step, ctx, 'weight'), ids], nodeName(step), { axis: attr.int(0) });
  },
  LastStep: (step, ctx) => gatherStep(step, ctx, -1, (step.layer as LastStep).batchFirst ? 1 : 0),
};
