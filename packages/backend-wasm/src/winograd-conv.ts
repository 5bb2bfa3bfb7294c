import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';
import { packedProduct } from './gemm';
import { padPlanes } from './im2col';
import type { WasmKernels } from './wasm/wasm-kernels';
import { applyRows, type RowProgram, rowProgram } from './winograd-row-program';
import { type WinogradTransforms, winogradTransforms } from './winograd-transforms';

/**
 * Stride-1, undilated, square-kernel convolution by Winograd's F(m×m, r×r): the output is cut
 * into m×m tiles; each (n×n) input tile is transformed (Bᵀ·d·B), multiplied elementwise by the
 * transformed filters (G·w·Gᵀ) and summed over channels — n² independent GEMMs
 * [K × C]·[C × tiles] — and transformed back (Aᵀ·M·A). That takes n²/m² multiplications per
 * output and channel pair instead of r²: 36/16 instead of 9 for F(4×4, 3×3), 64/16 instead of 25
 * for F(4×4, 5×5). Everything runs in float64, whose rounding in the transforms (~1e-14
 * relative for these points) stays far below a float32 result's half-ulp.
 */

/** Most tiles transformed and multiplied together. */
const TILE_BLOCK = 128;
/** Tests lower the budget to force several small blocks per call. */
export const winogradPolicy = {
  /** Doubles in each of the transformed-input and product buffers (16 MB): wide layers get smaller blocks. */
  blockDoubles: 1 << 21,
};

/** Tiles per block for C input and K output channels and n×n tiles; it depends on the layer alone, never on the images. */
function tileBlock(C: number, K: number, n: number): number {
  return Math.max(
    8,
    Math.min(TILE_BLOCK, Math.floor(winogradPolicy.blockDoubles / (Math.max(C, K) * n * n))),
  );
}

interface WinogradFilter {
  plan: WinogradPlan;
  outChannels: number;
  inChannels: number;
  /** U[ξ][k][c] = (G·w[k, c]·Gᵀ)[ξ], ξ = i·n + j, one [K × C] GEMM operand per ξ. */
  u: Float64Array;
}

/** The output tile size used for an r×r kernel: F(4×4, r×r) while n = r + 3 ≤ 8 (the points available), F(2×2, …) beyond. */
function winogradTileSize(r: number): number {
  return r <= 5 ? 4 : 2;
}

/** The transforms of one kernel size, with Bᵀ and Aᵀ compiled to row programs. */
interface WinogradPlan {
  transforms: WinogradTransforms;
  bt: RowProgram;
  at: RowProgram;
}

const plans = new Map<number, WinogradPlan>();

function planFor(r: number): WinogradPlan {
  let plan = plans.get(r);
  if (!plan) {
    const t = winogradTransforms(winogradTileSize(r), r);
    plan = { transforms: t, bt: rowProgram(t.bt, t.n, t.n), at: rowProgram(t.at, t.m, t.n) };
    plans.set(r, plan);
  }
  return plan;
}

/** Transforms weights laid out [K][C][r][r] from wOff (PyTorch's layout for one group). */
function winogradFilter(
  w: FloatArray,
  wOff: number,
  outChannels: number,
  inChannels: number,
  r: number,
): WinogradFilter {
  const plan = planFor(r);
  const { n, g } = plan.transforms;
  const u = new Float64Array(n * n * outChannels * inChannels);
  const gw = new Float64Array(n * r);
  const pairs = outChannels * inChannels;
  for (let kc = 0; kc < pairs; kc++) {
    const src = wOff + kc * r * r;
    // gw = G·w (n×r), then U = gw·Gᵀ (n×n).
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < r; j++) {
        let s = 0;
        for (let l = 0; l < r; l++) s += g[i * r + l] * w[src + l * r + j];
        gw[i * r + j] = s;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < r; l++) s += gw[i * r + l] * g[j * r + l];
        u[(i * n + j) * pairs + kc] = s;
      }
    }
  }
  return { plan, outChannels, inChannels, u };
}

/** The padded input buffer a winogradConv call reads: every tile's n×n window lies inside it. */
function winogradBufferSize(outHeight: number, outWidth: number, r: number): [number, number] {
  const m = winogradTileSize(r);
  return [Math.ceil(outHeight / m) * m + r - 1, Math.ceil(outWidth / m) * m + r - 1];
}

/** A stride-1 grouped convolution over NCHW planes, as the forward and the transposed (backward-input) passes see it. */
export interface WinogradProblem {
  /** The input: `inChannels` planes of inHeight×inWidth per image. */
  x: FloatArray;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  /** Zero rows above / columns left of the input (negative: rows / columns cropped). */
  top: number;
  left: number;
  /** [groups][outChannels / groups][inChannels / groups][r][r]. */
  weight: FloatArray;
  groups: number;
  r: number;
  /** The output, added to: `outChannels` planes of outHeight×outWidth per image. */
  y: FloatArray;
  outChannels: number;
  outHeight: number;
  outWidth: number;
}

/** y += conv(x, weight) for images [first, end); with one group, several images share each winogradConv call. */
export function winogradConvolution(
  p: WinogradProblem,
  first: number,
  end: number,
  simd: WasmKernels | null,
): void {
  const groupIn = p.inChannels / p.groups;
  const groupOut = p.outChannels / p.groups;
  const { r, outHeight, outWidth } = p;
  const [bufferHeight, bufferWidth] = winogradBufferSize(outHeight, outWidth, r);
  const m = winogradTileSize(r);
  const tilesPerImage = Math.ceil(outHeight / m) * Math.ceil(outWidth / m);
  // Enough images to fill one block of tiles; more would push their padded copies out of L2.
  const block = tileBlock(groupIn, groupOut, m + r - 1);
  const step = p.groups === 1 ? Math.max(1, Math.floor(block / tilesPerImage)) : 1;
  for (let grp = 0; grp < p.groups; grp++) {
    const filter = winogradFilter(p.weight, grp * groupOut * groupIn * r * r, groupOut, groupIn, r);
    for (let n = first; n < end; n += step) {
      const images = Math.min(step, end - n);
      const xOff = (n * p.inChannels + grp * groupIn) * p.inHeight * p.inWidth;
      // biome-ignore format: one call
      const xp = padPlanes(p.x, xOff, images * groupIn, p.inHeight, p.inWidth, p.top, p.left, bufferHeight, bufferWidth);
      const yOff = (n * p.outChannels + grp * groupOut) * outHeight * outWidth;
      winogradConv(xp, filter, p.y, yOff, { images, bufferHeight, bufferWidth, outHeight, outWidth }, simd);
    }
  }
}

let inputTiles = new Float64Array(0);
let productTiles = new Float64Array(0);
let window = new Float64Array(0);
let partial = new Float64Array(0);
let inputOrigins = new Int32Array(0);
let outputOrigins = new Int32Array(0);
let tileFlags = new Uint8Array(0);
const outputRows = new Float64Array(8 * TILE_BLOCK);

/** Where a block's tiles lie: `images` images of C input planes (bufferHeight×bufferWidth) and K output planes. */
interface WinogradImages {
  images: number;
  bufferHeight: number;
  bufferWidth: number;
  outHeight: number;
  outWidth: number;
}

/**
 * y (from yOff: per image, K planes of outHeight×outWidth) += Σ_c x[c] ⋆ w[k, c] for every image,
 * where x holds, per image, C planes of bufferHeight×bufferWidth (winogradBufferSize or larger;
 * zero where the input is padding) and y[oh, ow] reads x[oh + kh, ow + kw]. Tiles of several
 * images share one block, so small images still feed the GEMMs wide operands.
 */
function winogradConv(
  x: Float64Array,
  f: WinogradFilter,
  y: FloatArray,
  yOff: number,
  geometry: WinogradImages,
  simd: WasmKernels | null,
): void {
  const { m, n } = f.plan.transforms;
  const C = f.inChannels;
  const K = f.outChannels;
  const { outHeight, outWidth } = geometry;
  const tilesWide = Math.ceil(outWidth / m);
  const tilesPerImage = Math.ceil(outHeight / m) * tilesWide;
  const tiles = geometry.images * tilesPerImage;
  const xi = n * n;
  const block = tileBlock(C, K, n);
  const need = Math.max(C, K) * xi * block;
  if (inputTiles.length < need) {
    inputTiles = new Float64Array(need);
    productTiles = new Float64Array(need);
    window = new Float64Array(xi * TILE_BLOCK);
    partial = new Float64Array(xi * TILE_BLOCK);
    inputOrigins = new Int32Array(TILE_BLOCK);
    outputOrigins = new Int32Array(TILE_BLOCK);
    tileFlags = new Uint8Array(TILE_BLOCK);
  }
  const plane = geometry.bufferHeight * geometry.bufferWidth;
  for (let first = 0; first < tiles; first += block) {
    const count = Math.min(block, tiles - first);
    for (let t = 0; t < count; t++) {
      const image = Math.floor((first + t) / tilesPerImage);
      const tile = (first + t) % tilesPerImage;
      const row = Math.floor(tile / tilesWide) * m;
      const col = (tile % tilesWide) * m;
      inputOrigins[t] = image * C * plane + row * geometry.bufferWidth + col;
      outputOrigins[t] = image * K * outHeight * outWidth + row * outWidth + col;
      tileFlags[t] = (row + m > outHeight ? CUT_BOTTOM : 0) | (col + m > outWidth ? CUT_RIGHT : 0);
    }
    transformInputs(x, plane, geometry.bufferWidth, C, f.plan, count);
    for (let e = 0; e < xi; e++) {
      packedProduct(
        K,
        count,
        C,
        f.u,
        e * K * C,
        inputTiles,
        e * C * count,
        productTiles,
        e * K * count,
        simd,
      );
    }
    transformOutputs(f.plan, K, count, y, yOff, geometry);
  }
}

/** Tile flags: the tile reaches past the output's bottom / right edge. */
const CUT_BOTTOM = 1;
const CUT_RIGHT = 2;

/*
 * Both transforms run with the tile index innermost: every step is a long, branch-free
 * multiply-add over `count` contiguous tiles with one coefficient (applyRows), and the
 * transformed inputs come out already laid out [ξ][c][t], as the GEMMs read them.
 */

/** inputTiles[ξ][c][t] = (Bᵀ·d·B)[ξ] for tile t of channel c, d the tile's n×n input window. */
function transformInputs(
  x: Float64Array,
  plane: number,
  bufferWidth: number,
  C: number,
  plan: WinogradPlan,
  count: number,
): void {
  const { n } = plan.transforms;
  const stride = C * count;
  const rowStep = n * count;
  for (let c = 0; c < C; c++) {
    // window[l][j][t] = d[l][j] of tile t.
    for (let l = 0; l < n; l++) {
      for (let j = 0; j < n; j++) {
        const row = (l * n + j) * count;
        const at = c * plane + l * bufferWidth + j;
        for (let t = 0; t < count; t++) window[row + t] = x[inputOrigins[t] + at];
      }
    }
    // partial = Bᵀ·d column by column, then Bᵀ·d·B = (Bᵀ·partialᵀ)ᵀ row by row.
    for (let j = 0; j < n; j++)
      applyRows(plan.bt, window, j * count, rowStep, partial, j * count, rowStep, count);
    for (let i = 0; i < n; i++) {
      applyRows(plan.bt, partial, i * rowStep, count, inputTiles, i * n * stride + c * count, stride, count);
    }
  }
}

/** y += Aᵀ·M·A per tile and output channel, M[ξ] = productTiles[ξ][k][t], cropped at the edges. */
function transformOutputs(
  plan: WinogradPlan,
  K: number,
  count: number,
  y: FloatArray,
  yOff: number,
  geometry: WinogradImages,
): void {
  const { m, n } = plan.transforms;
  const { outHeight, outWidth } = geometry;
  const stride = K * count;
  const rowStep = n * count;
  const rowsInLast = outHeight - (Math.ceil(outHeight / m) - 1) * m;
  const colsInLast = outWidth - (Math.ceil(outWidth / m) - 1) * m;
  for (let k = 0; k < K; k++) {
    // partial = Aᵀ·M column by column; then row i of Aᵀ·M·A, and onto the output.
    for (let j = 0; j < n; j++) {
      applyRows(
        plan.at,
        productTiles,
        j * stride + k * count,
        n * stride,
        partial,
        j * count,
        rowStep,
        count,
      );
    }
    const planeAt = yOff + k * outHeight * outWidth;
    for (let i = 0; i < m; i++) {
      applyRows(plan.at, partial, i * rowStep, count, outputRows, 0, count, count);
      const skipRow = i >= rowsInLast ? CUT_BOTTOM : 0;
      for (let j = 0; j < m; j++) {
        // Outputs past the bottom or right edge are dropped.
        const skip = skipRow | (j >= colsInLast ? CUT_RIGHT : 0);
        const shift = planeAt + i * outWidth + j;
        for (let t = 0; t < count; t++) {
          if ((tileFlags[t] & skip) === 0) y[shift + outputOrigins[t]] += outputRows[j * count + t];
        }
      }
    }
  }
}

/** The part of a convolution Winograd's eligibility depends on, in the direction it runs (forward or transposed). */
export type WinogradShape = Pick<
  Conv2dGeometry,
  | 'kernelHeight'
  | 'kernelWidth'
  | 'strideHeight'
  | 'strideWidth'
  | 'dilationHeight'
  | 'dilationWidth'
  | 'outHeight'
  | 'outWidth'
>;

/** Fewer channels than this on either side, and the per-tile transforms cost more than the multiplications they save. */
const MIN_CHANNELS = 8;

/**
 * Whether Winograd can serve a float32 convolution (float64 results keep the direct algorithm's
 * exactness, so the planner asks only for float32): stride and dilation 1, a square 3×3 or 5×5
 * kernel, at least MIN_CHANNELS channels in and out per group, and an output at least one tile
 * high and wide.
 */
export function usesWinograd(inChannels: number, outChannels: number, g: WinogradShape): boolean {
  const r = g.kernelHeight;
  const m = winogradTileSize(r);
  return (
    (r === 3 || r === 5) &&
    g.kernelWidth === r &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    inChannels >= MIN_CHANNELS &&
    outChannels >= MIN_CHANNELS &&
    g.outHeight >= m &&
    g.outWidth >= m
  );
}
