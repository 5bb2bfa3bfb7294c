import type { FloatArray } from '../../dtype';
import type { Conv2dGeometry } from '../types';

/**
 * Calls visit(xIndex, colIndex) for every entry of the column matrix of channels [c0, c0 + count)
 * of one image: a row-major [count·kH·kW, outH·outW] matrix whose row (c·kH + kh)·kW + kw holds,
 * for each output position (oh, ow), the input pixel that kernel tap multiplies there:
 * x[c0 + c, oh·strideH − padTop + kh·dilationH, ow·strideW − padLeft + kw·dilationW]. Entries
 * that fall into the padding are skipped (they are zero).
 */
function forEachColumnEntry(
  g: Conv2dGeometry,
  c0: number,
  count: number,
  visit: (xIndex: number, colIndex: number) => void,
): void {
  const positions = g.outHeight * g.outWidth;
  let row = 0;
  for (let c = c0; c < c0 + count; c++) {
    for (let kh = 0; kh < g.kernelHeight; kh++) {
      for (let kw = 0; kw < g.kernelWidth; kw++, row++) {
        for (let oh = 0; oh < g.outHeight; oh++) {
          const h = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          if (h < 0 || h >= g.inHeight) continue;
          for (let ow = 0; ow < g.outWidth; ow++) {
            const w = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (w < 0 || w >= g.inWidth) continue;
            visit((c * g.inHeight + h) * g.inWidth + w, row * positions + oh * g.outWidth + ow);
          }
        }
      }
    }
  }
}

/**
 * Unfolds channels [c0, c0 + count) of the image at element `xOff` of x into `cols` at `colsOff`
 * (the column matrix of forEachColumnEntry, zero in the padding).
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
  cols.fill(0, colsOff, colsOff + count * g.kernelHeight * g.kernelWidth * g.outHeight * g.outWidth);
  forEachColumnEntry(g, c0, count, (xi, ci) => {
    cols[colsOff + ci] = x[xOff + xi];
  });
}

/** The adjoint of im2colImage: adds each column entry back onto the pixel it was read from. */
export function col2imImage(
  cols: FloatArray,
  colsOff: number,
  x: FloatArray,
  xOff: number,
  g: Conv2dGeometry,
  c0: number,
  count: number,
): void {
  forEachColumnEntry(g, c0, count, (xi, ci) => {
    x[xOff + xi] += cols[colsOff + ci];
  });
}
