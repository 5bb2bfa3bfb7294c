import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';

/*
 * Unfolding an image for convolution: implicitly (padPlanes + the tap and position offset tables
 * that let gatherGemm read the [C·kH·kW, outH·outW] column matrix straight from a padded copy),
 * and folding such a matrix back (col2imImage, for the strided input gradient).
 */

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
 * Adds every entry of `cols`, a row-major [count·kH·kW, outH·outW] column matrix (row
 * (c·kH + kh)·kW + kw holds, per output position, what that kernel tap met), into the input pixel
 * it belongs to, for channels [c0, c0 + count) of one image at `xOff` of `x`: the adjoint of
 * unfolding (im2col). Padding entries are dropped; the caller clears `x` first for a plain fold.
 * Each tap's in-bounds output range is found once (validRange), so the inner loops never branch.
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
        for (let oh = ohStart; oh < ohEnd; oh++) {
          const colAt = row + oh * OW;
          const xAt = plane + (oh * sh - g.padTop + kh * g.dilationHeight) * W + colShift;
          for (let ow = owStart; ow < owEnd; ow++) x[xAt + ow * sw] += cols[colAt + ow];
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

let padded = new Float64Array(0);

/**
 * Copies `channels` planes (height×width, from xOff) into a reused float64 buffer of
 * bufferHeight×bufferWidth planes, shifted down by `top` and right by `left` (negative shifts
 * crop), zero elsewhere: the padded image an implicit GEMM gathers its columns from.
 */
export function padPlanes(
  x: FloatArray,
  xOff: number,
  channels: number,
  height: number,
  width: number,
  top: number,
  left: number,
  bufferHeight: number,
  bufferWidth: number,
): Float64Array {
  const plane = bufferHeight * bufferWidth;
  // Slack past the end: the sliding kernel may read (but never use) a row and a window beyond it.
  const need = channels * plane + bufferWidth + 16;
  if (padded.length < need) padded = new Float64Array(need);
  const out = padded;
  const [colStart, colEnd] = validRange(bufferWidth, width, 1, left, 0);
  // Plain loops, not fill(): the zero runs are short and a builtin call per run costs more.
  for (let c = 0; c < channels; c++) {
    const src = xOff + c * height * width;
    for (let rb = 0; rb < bufferHeight; rb++) {
      const row = c * plane + rb * bufferWidth;
      const r = rb - top;
      if (r < 0 || r >= height) {
        for (let cb = 0; cb < bufferWidth; cb++) out[row + cb] = 0;
        continue;
      }
      const from = src + r * width - left;
      for (let cb = 0; cb < colStart; cb++) out[row + cb] = 0;
      for (let cb = colStart; cb < colEnd; cb++) out[row + cb] = x[from + cb];
      for (let cb = colEnd; cb < bufferWidth; cb++) out[row + cb] = 0;
    }
  }
  return out;
}

const roundUp8 = (n: number) => (n + 7) & ~7;

/** Offset of each kernel tap (c, kh, kw) in a padded buffer, in weight order; zero-padded to a multiple of 8. */
export function tapOffsets(
  channels: number,
  kernelHeight: number,
  kernelWidth: number,
  dilationHeight: number,
  dilationWidth: number,
  bufferHeight: number,
  bufferWidth: number,
): Int32Array {
  const out = new Int32Array(roundUp8(channels * kernelHeight * kernelWidth));
  let t = 0;
  for (let c = 0; c < channels; c++) {
    for (let kh = 0; kh < kernelHeight; kh++) {
      for (let kw = 0; kw < kernelWidth; kw++) {
        out[t++] = c * bufferHeight * bufferWidth + kh * dilationHeight * bufferWidth + kw * dilationWidth;
      }
    }
  }
  return out;
}

/** Offset of each output position's window origin in a padded buffer, row-major; zero-padded to a multiple of 8. */
export function positionOffsets(
  outHeight: number,
  outWidth: number,
  strideHeight: number,
  strideWidth: number,
  bufferWidth: number,
): Int32Array {
  const out = new Int32Array(roundUp8(outHeight * outWidth));
  for (let oh = 0; oh < outHeight; oh++) {
    for (let ow = 0; ow < outWidth; ow++)
      out[oh * outWidth + ow] = oh * strideHeight * bufferWidth + ow * strideWidth;
  }
  return out;
}

/** Buffer size and offset tables of an implicit GEMM over the zero-padded input of one group. */
export interface GatherPlan {
  bufferHeight: number;
  bufferWidth: number;
  taps: Int32Array;
  positions: Int32Array;
}

export function gatherPlan(g: Conv2dGeometry): GatherPlan {
  const bufferHeight = g.inHeight + g.padTop + g.padBottom;
  const bufferWidth = g.inWidth + g.padLeft + g.padRight;
  return {
    bufferHeight,
    bufferWidth,
    taps: tapOffsets(
      g.inChannels / g.groups,
      g.kernelHeight,
      g.kernelWidth,
      g.dilationHeight,
      g.dilationWidth,
      bufferHeight,
      bufferWidth,
    ),
    positions: positionOffsets(g.outHeight, g.outWidth, g.strideHeight, g.strideWidth, bufferWidth),
  };
}

/** The zero-padded channels of group grp of image n, as gatherPlan lays them out. */
export function padGroup(
  x: FloatArray,
  g: Conv2dGeometry,
  n: number,
  grp: number,
  plan: GatherPlan,
): Float64Array {
  const groupIn = g.inChannels / g.groups;
  const plane = g.inHeight * g.inWidth;
  const xOff = (n * g.inChannels + grp * groupIn) * plane;
  return padPlanes(
    x,
    xOff,
    groupIn,
    g.inHeight,
    g.inWidth,
    g.padTop,
    g.padLeft,
    plan.bufferHeight,
    plan.bufferWidth,
  );
}
