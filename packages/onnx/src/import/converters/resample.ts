import { Upsample, type UpsampleOptions } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { dynamicInput, type ImportContext, type OpImporter } from '../import-context';

/** Attributes of Resize that must keep their default, and that default. */
const DEFAULTS: [string, 'int' | 'float' | 'string', number | string][] = [
  ['exclude_outside', 'int', 0],
  ['antialias', 'int', 0],
  ['extrapolation_value', 'float', 0],
  ['keep_aspect_ratio_policy', 'string', 'stretch'],
];

/** The Upsample mode of Resize's mode and coordinate rules, or an Error naming what does not map. */
function modeOf(ctx: ImportContext): Pick<UpsampleOptions, 'mode' | 'alignCorners'> & { halfPixel: boolean } {
  const mode = ctx.attrs.string('mode', 'nearest');
  const transform = ctx.attrs.string('coordinate_transformation_mode', 'half_pixel');
  if (mode === 'nearest') {
    const rounding = ctx.attrs.string('nearest_mode', 'round_prefer_floor');
    if (transform !== 'asymmetric' || rounding !== 'floor') {
      throw ctx.fail(
        `nearest with coordinate_transformation_mode "${transform}" and nearest_mode "${rounding}" is not supported (PyTorch's nearest is asymmetric and floor)`,
      );
    }
    return { mode: 'nearest', halfPixel: false };
  }
  if (mode === 'linear') {
    if (transform === 'align_corners') return { mode: 'bilinear', alignCorners: true, halfPixel: false };
    if (transform === 'half_pixel') return { mode: 'bilinear', halfPixel: true };
    if (transform === 'pytorch_half_pixel') return { mode: 'bilinear', halfPixel: false };
    throw ctx.fail(`linear with coordinate_transformation_mode "${transform}" is not supported`);
  }
  throw ctx.fail(`mode "${mode}" is not supported (nearest and linear are)`);
}

/**
 * Resize of [N, C, H, W] -> Upsample: scales [1, 1, sh, sw] as its scaleFactor, or sizes (all four,
 * or the two spatial ones that import keeps of PyTorch's Shape/Slice/Concat) as its size. half_pixel
 * and pytorch_half_pixel agree except for an output of one pixel, which half_pixel refuses.
 */
function importResize(ctx: ImportContext): ReturnType<OpImporter> {
  const x = dynamicInput(ctx);
  const shape = ctx.shape(0);
  if (shape.length !== 4)
    throw ctx.fail(`its input is ${formatShape(shape)}; only [N, C, H, W] is supported`);
  for (const [name, type, fallback] of DEFAULTS) {
    if (ctx.attrs.has(name) && ctx.attrs[type](name, fallback as never) !== fallback)
      throw ctx.fail(`attribute "${name}" other than ${fallback} is not supported`);
  }
  if (ctx.attrs.has('axes')) throw ctx.fail('attribute "axes" is not supported');
  const { halfPixel, ...mode } = modeOf(ctx);
  const scales = ctx.given(2) ? ctx.constant(2) : null;
  const sizes = ctx.given(3) ? ctx.integers(3) : null;
  let options: UpsampleOptions;
  if (scales && scales.size === 4 && !sizes) {
    if (scales.data[0] !== 1 || scales.data[1] !== 1)
      throw ctx.fail('scales must keep the batch and channels (1, 1, ·, ·)');
    options = { ...mode, scaleFactor: [scales.data[2], scales.data[3]] };
  } else if (sizes && (!scales || scales.size === 0) && (sizes.length === 2 || sizes.length === 4)) {
    if (sizes.length === 4 && sizes[1] !== shape[1]) throw ctx.fail('sizes must keep the channels');
    options = { ...mode, size: [sizes[sizes.length - 2], sizes[sizes.length - 1]] };
  } else {
    throw ctx.fail('give constant scales [1, 1, sh, sw] or constant sizes (one of them)');
  }
  const layer = new Upsample(options);
  const [, , outH, outW] = layer.outputShape(shape);
  if (halfPixel && (outH === 1 || outW === 1))
    throw ctx.fail("half_pixel to an output of one pixel is not PyTorch's bilinear; use pytorch_half_pixel");
  return { layer, input: x };
}

export const resampleImporters: Record<string, OpImporter> = { Resize: importResize };
