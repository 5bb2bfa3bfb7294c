import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';
import { gemm } from './gemm';
import { columnScratch, groupColumns, isPointwise, validRange } from './im2col';

/**
 * Below this many multiply-adds per output position (C/groups·kH·kW), the direct loop beats
 * im2col + GEMM: the GEMM would be too thin to amortize unfolding and packing.
 */
export const DIRECT_TAPS = 16;

/** y = conv(x, weight) + bias, per the kernel contract. */
export function conv2dForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  g: Conv2dGeometry,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  const taps = groupIn * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  fillBias(y, bias, g.batch, g.outChannels, outPlane);
  if (taps <= DIRECT_TAPS) {
    for (let n = 0; n < g.batch; n++) directConv2d(x, y, weight, g, n, 'forward');
    return;
  }
  const pointwise = isPointwise(g);
  const cols = pointwise ? x : columnScratch(x, taps * outPlane);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = 0; grp < g.groups; grp++) {
      const colsOff = groupColumns(x, cols, g, n, grp, pointwise);
      const yOff = (n * g.outChannels + grp * groupOut) * outPlane;
      gemm(
        groupOut,
        outPlane,
        taps,
        weight,
        grp * groupOut * taps,
        false,
        cols,
        colsOff,
        false,
        y,
        yOff,
        true,
      );
    }
  }
}

function fillBias(
  y: FloatArray,
  bias: FloatArray | null,
  batch: number,
  channels: number,
  plane: number,
): void {
  if (!bias) {
    y.fill(0, 0, batch * channels * plane);
    return;
  }
  for (let n = 0; n < batch; n++) {
    for (let k = 0; k < channels; k++) {
      const at = (n * channels + k) * plane;
      y.fill(bias[k], at, at + plane);
    }
  }
}

/** What `directConv2d` computes: y from x, dx from dy, or dW from x and dy. */
export type DirectMode = 'forward' | 'input-gradient' | 'weight-gradient';

/**
 * Image n of a convolution as plain loops, one kernel tap at a time over whole output rows.
 * forward: y[n, k] += w[k, c, kh, kw] · shifted x[n, c]. input-gradient: the adjoint,
 * x[n, c] += w · y[n, k] scattered to the shifted positions (x holds dx, y holds dy).
 * weight-gradient: w[k, c, kh, kw] += Σ y[n, k] · shifted x[n, c] (w holds dW, y holds dy).
 */
export function directConv2d(
  x: FloatArray,
  y: FloatArray,
  w: FloatArray,
  g: Conv2dGeometry,
  n: number,
  mode: DirectMode,
): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, kernelHeight: KH, kernelWidth: KW } = g;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  for (let k = 0; k < g.outChannels; k++) {
    const yPlane = (n * g.outChannels + k) * OH * OW;
    const c0 = Math.floor(k / groupOut) * groupIn;
    for (let ci = 0; ci < groupIn; ci++) {
      const xPlane = (n * g.inChannels + c0 + ci) * H * W;
      for (let kh = 0; kh < KH; kh++) {
        const [ohStart, ohEnd] = validRange(OH, H, sh, g.padTop, kh * g.dilationHeight);
        for (let kw = 0; kw < KW; kw++) {
          const [owStart, owEnd] = validRange(OW, W, sw, g.padLeft, kw * g.dilationWidth);
          const wAt = ((k * groupIn + ci) * KH + kh) * KW + kw;
          const wv = w[wAt];
          const colShift = kw * g.dilationWidth - g.padLeft;
          let s = 0;
          for (let oh = ohStart; oh < ohEnd; oh++) {
            const yAt = yPlane + oh * OW;
            const xAt = xPlane + (oh * sh - g.padTop + kh * g.dilationHeight) * W + colShift;
            if (mode === 'forward')
              for (let ow = owStart; ow < owEnd; ow++) y[yAt + ow] += wv * x[xAt + ow * sw];
            else if (mode === 'input-gradient') {
              for (let ow = owStart; ow < owEnd; ow++) x[xAt + ow * sw] += wv * y[yAt + ow];
            } else for (let ow = owStart; ow < owEnd; ow++) s += y[yAt + ow] * x[xAt + ow * sw];
          }
          if (mode === 'weight-gradient') w[wAt] = wv + s;
        }
      }
    }
  }
}
