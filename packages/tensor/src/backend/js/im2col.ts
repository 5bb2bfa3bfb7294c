import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';

/**
 * The range [start, end) of output positions o whose input position o·stride − pad + offset
 * falls inside [0, size); outside it the input is padding.
 */
export function validRange(
  outSize: number,
  size: number,
  stride: number,
  pad: number,
  offset: number,
): [number, number] {
  const shift = offset - pad;
  const start = shift >= 0 ? 0 : Math.min(outSize, Math.ceil(-shift / stride));
  const end = Math.max(start, Math.min(outSize, Math.floor((size - 1 - shift) / stride) + 1));
  return [start, end];
}

/**
 * Unfolds channels [c0, c0 + count) of one image (starting at element `xOff` of the NCHW input)
 * into `cols` at `colsOff`: a row-major [count·kH·kW, outH·outW] matrix whose row
 * (c·kH + kh)·kW + kw holds, per output position, the input pixel that kernel tap multiplies
 * (zero where it falls in the padding).
 */
export function im2colImage(
  x: FloatArray,
  xOff: number,
  cols: FloatArray,
  colsOff: number,
  g: Conv2dGeometry,
  c0: number,
  count: number,
): void {
  transfer(x, xOff, cols, colsOff, g, c0, count, true);
}

/**
 * The adjoint of `im2colImage`: adds every entry of `cols` (laid out as above) into the input
 * pixel it was read from, for channels [c0, c0 + count) of one image at `xOff` of `x`.
 * Padding entries are dropped. The caller clears `x` first when it wants a plain fold.
 */
export function col2imImage(
  cols: FloatArray,
  colsOff: number,
  x: FloatArray,
  xOff: number,
  g: Conv2dGeometry,
  c0: number,
  count: number,
): void {
  transfer(x, xOff, cols, colsOff, g, c0, count, false);
}

/** One walk over the taps serves both directions, so unfold and fold cannot disagree. */
function transfer(
  x: FloatArray,
  xOff: number,
  cols: FloatArray,
  colsOff: number,
  g: Conv2dGeometry,
  c0: number,
  count: number,
  unfold: boolean,
): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = g;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const rowSize = OH * OW;
  let row = colsOff;
  for (let c = 0; c < count; c++) {
    const plane = xOff + (c0 + c) * H * W;
    for (let kh = 0; kh < KH; kh++) {
      const [ohStart, ohEnd] = validRange(OH, H, sh, g.padTop, kh * g.dilationHeight);
      for (let kw = 0; kw < KW; kw++) {
        const [owStart, owEnd] = validRange(OW, W, sw, g.padLeft, kw * g.dilationWidth);
        const colShift = kw * g.dilationWidth - g.padLeft;
        if (unfold && (ohStart > 0 || ohEnd < OH || owStart > 0 || owEnd < OW)) {
          cols.fill(0, row, row + rowSize);
        }
        for (let oh = ohStart; oh < ohEnd; oh++) {
          const colAt = row + oh * OW;
          const xAt = plane + (oh * sh - g.padTop + kh * g.dilationHeight) * W + colShift;
          if (unfold) for (let ow = owStart; ow < owEnd; ow++) cols[colAt + ow] = x[xAt + ow * sw];
          else for (let ow = owStart; ow < owEnd; ow++) x[xAt + ow * sw] += cols[colAt + ow];
        }
        row += rowSize;
      }
    }
  }
}

let scratch32 = new Float32Array(0);
let scratch64 = new Float64Array(0);

/**
 * A reused column buffer of x's dtype with at least `length` elements (contents undefined).
 * One per dtype, grown on demand: the kernels run one at a time, so they can share it.
 */
export function columnScratch(like: FloatArray, length: number): FloatArray {
  if (like instanceof Float64Array) {
    if (scratch64.length < length) scratch64 = new Float64Array(length);
    return scratch64;
  }
  if (scratch32.length < length) scratch32 = new Float32Array(length);
  return scratch32;
}

/** True when the columns of one image are the input itself (1×1 kernel, stride 1, no padding). */
export function isPointwise(g: Conv2dGeometry): boolean {
  return (
    g.kernelHeight === 1 &&
    g.kernelWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop + g.padBottom + g.padLeft + g.padRight === 0
  );
}

/**
 * Where the columns of image n, group grp live for a GEMM: unfolded into `cols` (offset 0),
 * or, for a pointwise convolution, the group's channels of x itself (their offset in x).
 */
export function groupColumns(
  x: FloatArray,
  cols: FloatArray,
  g: Conv2dGeometry,
  n: number,
  grp: number,
  pointwise: boolean,
): number {
  const groupIn = g.inChannels / g.groups;
  if (pointwise) return (n * g.inChannels + grp * groupIn) * g.inHeight * g.inWidth;
  im2colImage(x, n * g.inChannels * g.inHeight * g.inWidth, cols, 0, g, grp * groupIn, groupIn);
  return 0;
}
