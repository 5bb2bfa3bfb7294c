import type { Reshape } from '../../layers/reshape';
import type { Transpose } from '../../layers/transpose';
import { attr } from '../attributes';
import { type LayerExporter, nodeName, param } from '../export-context';

/** Layers that are the identity in inference: Identity itself and the dropouts. */
const identity: LayerExporter = (step, ctx) => ctx.graph.node('Identity', [step.input], nodeName(step));

/** Flatten, Identity, the dropouts, and this package's Reshape, Transpose, Scale and Shift. */
export const shapeExporters: Record<string, LayerExporter> = {
  Flatten: (step, ctx) => ctx.graph.node('Flatten', [step.input], nodeName(step), { axis: attr.int(1) }),
  Identity: identity,
  Dropout: identity,
  Dropout2d: identity,
  Reshape: (step, ctx) => {
    const shape = ctx.graph.int64s(`${nodeName(step)}/shape`, (step.layer as Reshape).shape);
    return ctx.graph.node('Reshape', [step.input, shape], nodeName(step));
  },
  Transpose: (step, ctx) =>
    ctx.graph.node('Transpose', [step.input], nodeName(step), {
      perm: attr.ints((step.layer as Transpose).perm),
    }),
  Scale: (step, ctx) => ctx.graph.node('Mul', [step.input, param(step, ctx, 'weight')], nodeName(step)),
  Shift: (step, ctx) => ctx.graph.node('Add', [step.input, param(step, ctx, 'bias')], nodeName(step)),
};
