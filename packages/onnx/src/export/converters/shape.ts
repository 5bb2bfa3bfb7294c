import type { Permute, Reshape } from '@scratchnet/layers';
import type { OnnxReshape } from '../../layers/onnx-reshape';
import { attr } from '../attributes';
import { type ExportStep, type LayerExporter, nodeName, param } from '../export-context';

/** Layers that are the identity in inference: Identity itself and the dropouts. */
const identity: LayerExporter = (step, ctx) => ctx.graph.node('Identity', [step.input], nodeName(step));

/** ONNX Reshape of the step's input to `shape` (0 copies that input dimension). */
const reshapeTo = (step: ExportStep, ctx: Parameters<LayerExporter>[1], shape: readonly number[]) =>
  ctx.graph.node('Reshape', [step.input, ctx.graph.int64s(`${nodeName(step)}/shape`, shape)], nodeName(step));

/**
 * Flatten, Identity, the dropouts, the layers' Reshape (per sample: ONNX Reshape [0, ...shape]) and
 * Permute (Transpose), and this package's OnnxReshape, Scale and Shift.
 */
export const shapeExporters: Record<string, LayerExporter> = {
  Flatten: (step, ctx) => ctx.graph.node('Flatten', [step.input], nodeName(step), { axis: attr.int(1) }),
  Identity: identity,
  Dropout: identity,
  Dropout2d: identity,
  Reshape: (step, ctx) => reshapeTo(step, ctx, [0, ...(step.layer as Reshape).shape]),
  OnnxReshape: (step, ctx) => reshapeTo(step, ctx, (step.layer as OnnxReshape).shape),
  Permute: (step, ctx) =>
    ctx.graph.node('Transpose', [step.input], nodeName(step), {
      perm: attr.ints((step.layer as Permute).dims),
    }),
  Scale: (step, ctx) => ctx.graph.node('Mul', [step.input, param(step, ctx, 'weight')], nodeName(step)),
  Shift: (step, ctx) => ctx.graph.node('Add', [step.input, param(step, ctx, 'bias')], nodeName(step)),
};
