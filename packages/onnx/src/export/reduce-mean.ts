import { attr } from './attributes';
import type { ExportContext } from './export-context';

/**
 * ReduceMean over `axes`, keeping them unless `keepdims` is false: axes are an attribute up to
 * opset 17 and an input from 18.
 */
export function reduceMean(
  ctx: ExportContext,
  input: string,
  axes: readonly number[],
  name: string,
  keepdims = true,
): string {
  const { graph } = ctx;
  const keep = { keepdims: attr.int(keepdims ? 1 : 0) };
  if (ctx.opset >= 18)
    return graph.node('ReduceMean', [input, graph.int64s(`${name}/axes`, axes)], name, keep);
  return graph.node('ReduceMean', [input], name, { axes: attr.ints(axes), ...keep });
}

/**
 * (x − mean) / √(var + eps) over `axes` (biased variance, as every normalisation layer uses),
 * as ReduceMean, Sub, Mul, ReduceMean, Add, Sqrt, Div; returns the normalised value.
 */
export function standardize(
  ctx: ExportContext,
  input: string,
  axes: readonly number[],
  eps: string,
  base: string,
): string {
  const { graph } = ctx;
  const mean = reduceMean(ctx, input, axes, `${base}/mean`);
  const centred = graph.node('Sub', [input, mean], `${base}/centred`);
  const square = graph.node('Mul', [centred, centred], `${base}/square`);
  const variance = reduceMean(ctx, square, axes, `${base}/variance`);
  const shifted = graph.node('Add', [variance, eps], `${base}/variance_eps`);
  const std = graph.node('Sqrt', [shifted], `${base}/std`);
  return graph.node('Div', [centred, std], `${base}/normalized`);
}
