import { Linear } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { dynamicInput, fill, type ImportContext, type OpImporter, requireConstant } from '../import-context';

/** [rows, cols] -> [cols, rows]. */
function transposed(m: Tensor): Tensor {
  const [r, c] = m.shape;
  const t = Tensor.zeros([c, r], { dtype: m.dtype });
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t.data[j * r + i] = m.data[i * c + j];
  return t;
}

/**
 * Gemm (and MatMul, MatMul + Add, which import rewrites to Gemm): y = alpha·x·B' + beta·C with B
 * a constant matrix and C a constant of [out], [1, out] or one value, on x [N, in]: a Linear.
 */
function importGemm(ctx: ImportContext): ReturnType<OpImporter> {
  const x = dynamicInput(ctx, 0);
  if (ctx.attrs.int('transA', 0) !== 0) throw ctx.fail('transA = 1 is not supported');
  if (ctx.shape(0).length !== 2)
    throw ctx.fail(`its input is ${ctx.shape(0).length}-D; a Linear reads [N, in]`);
  const b = requireConstant(ctx, 1, 'weight');
  if (b.rank !== 2) throw ctx.fail(`its weight is ${b.rank}-D; expected a matrix`);
  const weight = ctx.attrs.int('transB', 0) ? b : transposed(b);
  const [outFeatures, inFeatures] = weight.shape;
  if (ctx.shape(0)[1] !== inFeatures) {
    throw ctx.fail(`its input has ${ctx.shape(0)[1]} features but the weight takes ${inFeatures}`);
  }
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const c = ctx.given(2) ? requireConstant(ctx, 2, 'bias') : null;
  if ((c && !(c.size === outFeatures || c.size === 1)) || (c && c.rank > 1 && c.shape[0] !== 1)) {
    throw ctx.fail(`its bias of shape [${c.shape}] does not give one value per output (${outFeatures})`);
  }
  const layer = new Linear(inFeatures, outFeatures, { bias: c !== null, dtype: ctx.dtype, seed: 0 });
  const scaled =
    alpha === 1
      ? weight
      : Tensor.from(
          Float64Array.from(weight.data, (v) => v * alpha),
          weight.shape,
        );
  fill(layer.weight.value, scaled, ctx, 'weight');
  if (c && layer.bias) {
    const values = Float64Array.from({ length: outFeatures }, (_, i) => beta * c.data[c.size === 1 ? 0 : i]);
    fill(layer.bias.value, Tensor.from(values), ctx, 'bias');
  }
  return { layer, input: x };
}

export const denseImporters: Record<string, OpImporter> = { Gemm: importGemm };
