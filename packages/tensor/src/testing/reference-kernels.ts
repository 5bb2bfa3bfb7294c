import type { Conv2dGeometry, KernelSet, MatmulArgs, Pool2dGeometry } from '../backend/types';
import { allocate, type DType, type FloatArray } from '../dtype';
import type { Rng } from '../rng';

/*
 * Slow, obviously-correct kernels: every sum written out over the definitions, one term at a
 * time, with no blocking, no unfolding and no shortcuts. Every backend's tests compare with them
 * (run them in float64). Same signatures as the kernel contract.
 */

export function referenceMatmul(a: FloatArray, b: FloatArray, c: FloatArray, args: MatmulArgs): void {
  const { m, n, k, transA, transB, accumulate } = args;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[i * n + j] : 0;
      for (let p = 0; p < k; p++)
        s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  }
}

/**
 * Calls visit(xIndex, weightIndex, yIndex) for every product x·w that y = conv(x, w) sums:
 * y[n, k, oh, ow] += x[n, c, oh·sh − padTop + kh·dh, ow·sw − padLeft + kw·dw] · w[k, c − group start, kh, kw],
 * skipping input positions in the padding.
 */
export function forEachConvTerm(
  g: Conv2dGeometry,
  visit: (xi: number, wi: number, yi: number) => void,
): void {
  const groupIn = g.inChannels / g.groups;
  const groupOut = g.outChannels / g.groups;
  for (let n = 0; n < g.batch; n++) {
    for (let k = 0; k < g.outChannels; k++) {
      const group = Math.floor(k / groupOut);
      for (let oh = 0; oh < g.outHeight; oh++) {
        for (let ow = 0; ow < g.outWidth; ow++) {
          const yi = ((n * g.outChannels + k) * g.outHeight + oh) * g.outWidth + ow;
          for (let ci = 0; ci < groupIn; ci++) {
            const c = group * groupIn + ci;
            for (let kh = 0; kh < g.kernelHeight; kh++) {
              const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
              if (ih < 0 || ih >= g.inHeight) continue;
              for (let kw = 0; kw < g.kernelWidth; kw++) {
                const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
                if (iw < 0 || iw >= g.inWidth) continue;
                const xi = ((n * g.inChannels + c) * g.inHeight + ih) * g.inWidth + iw;
                const wi = ((k * groupIn + ci) * g.kernelHeight + kh) * g.kernelWidth + kw;
                visit(xi, wi, yi);
              }
            }
          }
        }
      }
    }
  }
}

function outputSize(g: Conv2dGeometry): number {
  return g.batch * g.outChannels * g.outHeight * g.outWidth;
}

export function referenceConv2dForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  y: FloatArray,
  g: Conv2dGeometry,
): void {
  const plane = g.outHeight * g.outWidth;
  const sums = new Float64Array(outputSize(g));
  forEachConvTerm(g, (xi, wi, yi) => {
    sums[yi] += x[xi] * weight[wi];
  });
  for (let i = 0; i < sums.length; i++)
    y[i] = sums[i] + (bias ? bias[Math.floor(i / plane) % g.outChannels] : 0);
}

export function referenceConv2dBackwardInput(
  dy: FloatArray,
  weight: FloatArray,
  dx: FloatArray,
  g: Conv2dGeometry,
): void {
  const sums = new Float64Array(g.batch * g.inChannels * g.inHeight * g.inWidth);
  forEachConvTerm(g, (xi, wi, yi) => {
    sums[xi] += dy[yi] * weight[wi];
  });
  dx.set(sums);
}

export function referenceConv2dBackwardWeight(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  dBias: FloatArray | null,
  g: Conv2dGeometry,
): void {
  const sums = new Float64Array(g.outChannels * (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth);
  forEachConvTerm(g, (xi, wi, yi) => {
    sums[wi] += dy[yi] * x[xi];
  });
  dWeight.set(sums);
  if (!dBias) return;
  const plane = g.outHeight * g.outWidth;
  const biasSums = new Float64Array(g.outChannels);
  for (let i = 0; i < outputSize(g); i++) biasSums[Math.floor(i / plane) % g.outChannels] += dy[i];
  dBias.set(biasSums);
}

/**
 * Calls visit(outIndex, planeBase, window) per output of a pooling, where `window` lists the
 * in-plane indices h·W + w of the window's in-bounds elements in row-major order, and `padded`
 * is PyTorch's pool_size: the window clipped to the padded input, padding included.
 */
export function forEachPoolWindow(
  g: Pool2dGeometry,
  visit: (o: number, planeBase: number, window: number[], padded: number) => void,
): void {
  let o = 0;
  for (let plane = 0; plane < g.batch * g.channels; plane++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        const h0 = oh * g.strideHeight - g.padTop;
        const w0 = ow * g.strideWidth - g.padLeft;
        const h1 = Math.min(h0 + g.kernelHeight, g.inHeight + g.padBottom);
        const w1 = Math.min(w0 + g.kernelWidth, g.inWidth + g.padRight);
        const window: number[] = [];
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            if (h >= 0 && h < g.inHeight && w >= 0 && w < g.inWidth) window.push(h * g.inWidth + w);
          }
        }
        visit(o++, plane * g.inHeight * g.inWidth, window, (h1 - h0) * (w1 - w0));
      }
    }
  }
}

export function referenceMaxPool2dForward(
  x: FloatArray,
  y: FloatArray,
  argmax: Int32Array,
  g: Pool2dGeometry,
): void {
  forEachPoolWindow(g, (o, base, window) => {
    let best = Number.NEGATIVE_INFINITY;
    let bestAt = window[0];
    for (const at of window) {
      // PyTorch's rule: a larger value or any NaN takes over.
      if (x[base + at] > best || Number.isNaN(x[base + at])) {
        best = x[base + at];
        bestAt = at;
      }
    }
    y[o] = best;
    argmax[o] = bestAt;
  });
}

export function referenceMaxPool2dBackward(
  dy: FloatArray,
  argmax: Int32Array,
  dx: FloatArray,
  g: Pool2dGeometry,
): void {
  const sums = new Float64Array(g.batch * g.channels * g.inHeight * g.inWidth);
  forEachPoolWindow(g, (o, base) => {
    sums[base + argmax[o]] += dy[o];
  });
  dx.set(sums);
}

export function referenceAvgPool2dForward(
  x: FloatArray,
  y: FloatArray,
  g: Pool2dGeometry,
  countIncludePad: boolean,
): void {
  forEachPoolWindow(g, (o, base, window, padded) => {
    let s = 0;
    for (const at of window) s += x[base + at];
    y[o] = s / (countIncludePad ? padded : window.length);
  });
}

export function referenceAvgPool2dBackward(
  dy: FloatArray,
  dx: FloatArray,
  g: Pool2dGeometry,
  countIncludePad: boolean,
): void {
  const sums = new Float64Array(g.batch * g.channels * g.inHeight * g.inWidth);
  forEachPoolWindow(g, (o, base, window, padded) => {
    for (const at of window) sums[base + at] += dy[o] / (countIncludePad ? padded : window.length);
  });
  dx.set(sums);
}

export function referenceRelu(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0);
}

export function referenceReluBackward(y: FloatArray, dy: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < y.length; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
}

/** All the reference kernels as one kernel set (e.g. to register as a backend in a test). */
export const referenceKernels: KernelSet = {
  matmul: referenceMatmul,
  conv2dForward: referenceConv2dForward,
  conv2dBackwardInput: referenceConv2dBackwardInput,
  conv2dBackwardWeight: referenceConv2dBackwardWeight,
  maxPool2dForward: referenceMaxPool2dForward,
  maxPool2dBackward: referenceMaxPool2dBackward,
  avgPool2dForward: referenceAvgPool2dForward,
  avgPool2dBackward: referenceAvgPool2dBackward,
  relu: referenceRelu,
  reluBackward: referenceReluBackward,
};

/** `length` values uniform in [-1, 1) of the given dtype. */
export function randomFloats(rng: Rng, dtype: DType, length: number): FloatArray {
  const out = allocate(dtype, length);
  for (let i = 0; i < length; i++) out[i] = 2 * rng.next() - 1;
  return out;
}

/** max |actual − expected| / max |expected| (the error relative to the result's scale); 0 for empty or all-zero. */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) {
    throw new Error(`maxRelativeError: lengths differ (${actual.length} vs ${expected.length})`);
  }
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    const diff = Math.abs(actual[i] - expected[i]);
    // A NaN anywhere must fail a comparison, not hide in Math.max.
    worst = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : Math.max(worst, diff);
  }
  return worst === 0 ? 0 : worst / (scale || 1);
}

/**
 * How far (relative to the result's scale, as `maxRelativeError` measures) a convolution kernel may
 * stray from the reference. float64: only the order of a few hundred additions differs (≲ 1e-14).
 * float32: both see the same float32 inputs; a kernel that rounds its output to float32 after each of
 * up to ~16 partial sums is off by at most ~16·2⁻²⁴ ≈ 1e-6 of the scale; 1e-5 leaves margin.
 */
export const CONV_TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };
