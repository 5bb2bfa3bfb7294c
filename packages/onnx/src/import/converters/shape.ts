import { Dropout, Flatten, Identity, Permute, Reshape } from '@scratchnet/layers';
import { OnnxReshape } from '../../layers/onnx-reshape';
import { dynamicInput, type ImportContext, type OpImporter } from '../import-context';

/** Flatten at `axis`: scratchnet's Flatten for axis 1, else an OnnxReshape to [-1, the rest]. */
function importFlatten(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  const shape = ctx.shape(0);
  const axis = ctx.attrs.int('axis', 1);
  const at = axis < 0 ? axis + shape.length : axis;
  if (at < 0 || at > shape.length)
    throw ctx.fail(`axis ${axis} is out of range for a ${shape.length}-D input`);
  if (at === 1) return { layer: new Flatten(), input };
  const rest = shape.slice(at).reduce((p, d) => p * d, 1);
  return { layer: new OnnxReshape(at === 0 ? [1, -1] : [-1, rest]), input };
}

/**
 * Reshape to a constant shape: [0, ...rest] with no other 0 keeps the batch and reshapes each
 * sample, the layers' Reshape(rest); any other target is this package's OnnxReshape.
 */
function importReshape(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  const shape = ctx.integers(1);
  if (!shape) throw ctx.fail('its shape (input 1) must be a constant');
  if (ctx.attrs.int('allowzero', 0) !== 0 && shape.includes(0))
    throw ctx.fail('allowzero = 1 with a 0 in the shape is not supported');
  const [first, ...rest] = shape;
  const perSample = first === 0 && rest.length > 0 && !rest.includes(0);
  return { layer: perSample ? new Reshape(rest) : new OnnxReshape(shape), input };
}

function importTranspose(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  const rank = ctx.shape(0).length;
  const perm = ctx.attrs.ints(
    'perm',
    Array.from({ length: rank }, (_, i) => rank - 1 - i),
  );
  return { layer: new Permute(perm), input };
}

/** Dropout in inference is the identity; its ratio is kept for fine-tuning. */
function importDropout(ctx: ImportContext): ReturnType<OpImporter> {
  const input = dynamicInput(ctx);
  if (ctx.outputUsed(1)) throw ctx.fail('its mask output is used, which is not supported');
  const ratio = ctx.opset >= 12 ? ctx.constant(1)?.data[0] : ctx.attrs.float('ratio', 0.5);
  const training = ctx.given(2) ? (ctx.integers(2) ?? [Number(ctx.constant(2)?.data[0] ?? 1)]) : [0];
  if (training[0] !== 0) throw ctx.fail('training_mode must be a constant false');
  return { layer: new Dropout(ratio ?? 0.5, { seed: 0 }), input };
}

export const shapeImporters: Record<string, OpImporter> = {
  Flatten: importFlatten,
  Reshape: importReshape,
  Transpose: importTranspose,
  Identity: (ctx) => ({ layer: new Identity(), input: dynamicInput(ctx) }),
  Dropout: importDropout,
};
