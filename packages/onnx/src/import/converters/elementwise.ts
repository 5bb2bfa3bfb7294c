import { Identity } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { Scale, Shift } from '../../layers/broadcast-parameter';
import { fill, type ImportContext, type OpImporter } from '../import-context';

/**
 * Add / Mul: of two computed values of one shape, a merge; of a computed value and a constant that
 * broadcasts into it, a Shift (learnable bias) or Scale (learnable weight).
 */
const binary =
  (merge: 'add' | 'mul'): OpImporter =>
  (ctx) => {
    const constants = [ctx.constant(0), ctx.constant(1)];
    if (constants[0] && constants[1]) throw ctx.fail('both operands are constants (fold them before import)');
    const which = constants.findIndex((c) => c !== null);
    if (which < 0) {
      const [a, b] = [ctx.shape(0), ctx.shape(1)];
      if (formatShape(a) !== formatShape(b)) {
        throw ctx.fail(
          `broadcasting ${formatShape(a)} against ${formatShape(b)} between two computed values is not supported`,
        );
      }
      return { merge, inputs: [ctx.inputs[0], ctx.inputs[1]] };
    }
    const value = constants[which]!;
    const layer =
      merge === 'add'
        ? new Shift(value.shape, { dtype: ctx.dtype })
        : new Scale(value.shape, { dtype: ctx.dtype });
    const input = ctx.inputs[1 - which];
    layer.outputShape(ctx.shape(1 - which));
    fill(layer.parameter.value, value, ctx, merge === 'add' ? 'addend' : 'factor');
    return { layer, input };
  };

function importConcat(ctx: ImportContext): ReturnType<OpImporter> {
  if (ctx.inputs.some((_, i) => ctx.constant(i) || ctx.integers(i)))
    throw ctx.fail('concatenating constants is not supported');
  if (ctx.inputs.length === 1) return { layer: new Identity(), input: ctx.inputs[0] };
  return { merge: 'concat', inputs: [...ctx.inputs], dim: ctx.attrs.int('axis') };
}

export const elementwiseImporters: Record<string, OpImporter> = {
  Add: binary('add'),
  Mul: binary('mul'),
  Concat: importConcat,
};
