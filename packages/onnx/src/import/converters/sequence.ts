import { Embedding, LastStep } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { dynamicInput, fill, type ImportContext, type OpImporter } from '../import-context';

/**
 * Gather: from a constant table [rows, dim] along axis 0, an Embedding (its ids a computed value:
 * the float ids import reads through Cast, or an integer graph input); of a scalar index −1 along
 * axis 0 or 1 of a [·, ·, F] value, a LastStep (batchFirst for axis 1).
 */
function importGather(ctx: ImportContext): ReturnType<OpImporter> {
  const axis = ctx.attrs.int('axis', 0);
  const table = ctx.constant(0);
  if (table) {
    if (table.rank !== 2 || axis !== 0)
      throw ctx.fail(
        `only rows (axis 0) of a 2-D table are supported, got axis ${axis} of ${formatShape(table.shape)}`,
      );
    const ids = dynamicInput(ctx, 1);
    const layer = new Embedding(table.shape[0], table.shape[1], { dtype: ctx.dtype, seed: 0 });
    fill(layer.weight.value, table, ctx, 'table');
    return { layer, input: ids };
  }
  const input = dynamicInput(ctx);
  const rank = ctx.shape(0).length;
  const index = ctx.integers(1);
  if (rank !== 3 || (axis !== 0 && axis !== 1) || index?.[0] !== -1 || ctx.integerDims(1)?.length !== 0) {
    throw ctx.fail(
      `import reads Gather from a constant table (Embedding) or of the scalar index -1 along axis 0 or 1 of a 3-D value (LastStep); got axis ${axis} of a ${rank}-D value`,
    );
  }
  return { layer: new LastStep({ batchFirst: axis === 1 }), input };
}

export const sequenceImporters: Record<string, OpImporter> = { Gather: importGather };
