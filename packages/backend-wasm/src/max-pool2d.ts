import { type FloatArray, jsBackend, type Pool2dGeometry } from '@scratchnet/tensor';
import type { MaxPoolPlan } from './planner';
import { reserveRegions, simdKernels, type WasmKernels } from './wasm/wasm-kernels';

/**
 * y = window max, argmax = flat index h·W + w of the winner within its (n, c) plane, with the
 * `js` kernel's rule (ties keep the first, a NaN replaces the max, padding never wins): planes in
 * pairs through the SIMD kernel, an odd last plane (or all of them, as `plan` says) through `js`.
 */
// biome-ignore format: the arguments on one line
export function maxPool2dForward(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry, plan: MaxPoolPlan): void {
  const planes = g.batch * g.channels;
  const paired = plan.algorithm === 'simd-plane-pairs' ? maxPoolPairs(x, y, argmax, g, simdKernels()) : 0;
  if (paired === planes) return;
  const inPlane = g.inHeight * g.inWidth;
  const outPlane = g.outHeight * g.outWidth;
  jsBackend.maxPool2dForward(
    x.subarray(paired * inPlane, planes * inPlane),
    y.subarray(paired * outPlane, planes * outPlane),
    argmax.subarray(paired * outPlane, planes * outPlane),
    { ...g, batch: 1, channels: planes - paired },
  );
}

/** Bytes of planes per call of the SIMD kernel (bounds its memory; tests shrink it to split calls). */
export const maxPoolChunk = { bytes: 1 << 24 };

/**
 * The planes in pairs through the SIMD kernel (the same results, bit for bit, as the js kernel);
 * returns how many planes it did: all but an odd last one.
 */
// biome-ignore format: the arguments on one line
function maxPoolPairs(x: FloatArray, y: FloatArray, argmax: Int32Array, g: Pool2dGeometry, k: WasmKernels): number {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  const inPlane = H * W;
  const outPlane = OH * OW;
  const pairsTotal = (g.batch * g.channels) >> 1;
  if (pairsTotal === 0 || outPlane === 0) return 0;
  const inBytes = x.BYTES_PER_ELEMENT;
  const pairsPerCall = Math.max(
    1,
    Math.floor(maxPoolChunk.bytes / (2 * (inPlane * inBytes + outPlane * 12))),
  );
  const chunk = Math.min(pairsTotal, pairsPerCall);
  // biome-ignore format: the regions on one line
  const regions = reserveRegions(k, [OH * 8, OW * 8, 2 * chunk * inPlane * inBytes, 2 * chunk * outPlane * 8, 2 * chunk * outPlane * 4], 'the SIMD max-pool');
  const [rowAt, colAt, xAt, yAt, argAt] = regions;
  const heap = k.memory.buffer;
  windowRanges(new Int32Array(heap, rowAt, 2 * OH), OH, g.strideHeight, g.padTop, g.kernelHeight, H);
  windowRanges(new Int32Array(heap, colAt, 2 * OW), OW, g.strideWidth, g.padLeft, g.kernelWidth, W);
  const xs =
    x instanceof Float32Array
      ? new Float32Array(heap, xAt, 2 * chunk * inPlane)
      : new Float64Array(heap, xAt, 2 * chunk * inPlane);
  const ys = new Float64Array(heap, yAt, 2 * chunk * outPlane);
  const args = new Int32Array(heap, argAt, 2 * chunk * outPlane);
  const kernel = k.maxPool[inBytes === 4 ? 'f32' : 'f64'];
  for (let pair = 0; pair < pairsTotal; pair += chunk) {
    const pairs = Math.min(chunk, pairsTotal - pair);
    const plane = 2 * pair;
    xs.set(x.subarray(plane * inPlane, (plane + 2 * pairs) * inPlane));
    kernel(xAt, inPlane * inBytes, pairs, W, OH, OW, rowAt, colAt, yAt, argAt, outPlane);
    y.set(ys.subarray(0, 2 * pairs * outPlane), plane * outPlane);
    argmax.set(args.subarray(0, 2 * pairs * outPlane), plane * outPlane);
  }
  return 2 * pairsTotal;
}

/** [start, end) of each output position's window inside [0, size), as pairs. */
// biome-ignore format: the window on one line
function windowRanges(out: Int32Array, count: number, stride: number, pad: number, kernel: number, size: number): void {
  for (let o = 0; o < count; o++) {
    out[2 * o] = Math.max(0, o * stride - pad);
    out[2 * o + 1] = Math.min(size, o * stride - pad + kernel);
  }
}
