import type { FloatArray, MatmulArgs } from '@scratchnet/tensor';
import { KC, MC, MR, NC, NR } from './gemm-blocking';
import { gatherSlivers, type SimdBlocks, simdBlock, simdBlocks } from './gemm-simd';
import type { WasmKernels } from './wasm/wasm-kernels';

/**
 * Cache-blocked GEMM in the style of BLIS / GotoBLAS: B is packed into KC×NR slivers and A
 * into MR×KC slivers (both as Float64Array, whatever the input dtype, so the micro-kernel
 * sees one array type and stays monomorphic), then a 4×8 register-blocked micro-kernel
 * multiplies one A sliver by one B sliver with its 32 accumulators held in local variables.
 * The micro-kernel reads B through row and column offset tables, so the same kernel serves the
 * packed GEMM and the convolutions' implicit GEMM (gatherGemm), which never materializes B.
 * Where the plan runs the SIMD kernels (`simd` below: this thread's WasmKernels, else null), the
 * panels are packed into their memory instead (gatherGemm's B gathered there) and gemm-simd.ts's
 * block kernel replaces the micro-kernel, with the same bits.
 */

/** Below this many multiply-adds, packing costs more than it saves. */
const SMALL_PRODUCT = 8192;

// Scratch reused by every call (one thread of JS, no re-entrancy), grown on demand.
let packedA: Float64Array = new Float64Array(MC * KC);
let packedB: Float64Array = new Float64Array(KC * NR);
const tile = new Float64Array(MR * NR);

/** C (m×n) = op(A)·op(B) (+ C when `accumulate`), as the kernel contract says. */
export function matmul(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  args: MatmulArgs,
  simd: WasmKernels | null,
): void {
  const { m, n, k, transA, transB, accumulate } = args;
  const needA = m * k;
  const needB = k * n;
  if (a.length < needA || b.length < needB || c.length < m * n) {
    throw new Error(
      `matmul: arrays too short for m=${m}, n=${n}, k=${k} (A has ${a.length}, needs ${needA}; B has ${b.length}, needs ${needB}; C has ${c.length}, needs ${m * n})`,
    );
  }
  gemm(m, n, k, a, 0, transA, b, 0, transB, c, 0, accumulate, simd);
}

/**
 * The GEMM behind `matmul`, reading A, B and C at element offsets, so that convolutions can
 * multiply slices (one image, one group) without views. Leading dimensions are the packed
 * ones: A is m×k (k×m when transA), B is k×n (n×k when transB), C is m×n.
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  transA: boolean,
  b: FloatArray,
  bOff: number,
  transB: boolean,
  c: FloatArray,
  cOff: number,
  accumulate: boolean,
  simd: WasmKernels | null,
): void {
  if (m === 0 || n === 0) return;
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  if (k === 0) return;
  if (!usesPackedGemm(m, n, k)) {
    smallGemm(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff);
    return;
  }
  packedGemm(m, n, k, a, aOff, transA, b, bOff, transB, c, cOff, 0, m, simd);
}

/**
 * C (m×n at cOff, overwritten) = A (m×k at aOff) · B (k×n at bOff), always through the packed
 * kernels: each element's rounding then depends on k alone, never on n or the column it sits in,
 * so a caller may batch columns any way it likes and get the same bits.
 */
// biome-ignore format: the operands on one line
export function packedProduct(m: number, n: number, k: number, a: FloatArray, aOff: number, b: FloatArray, bOff: number, c: FloatArray, cOff: number, simd: WasmKernels | null): void {
  c.fill(0, cOff, cOff + m * n);
  if (m > 0 && n > 0 && k > 0) packedGemm(m, n, k, a, aOff, false, b, bOff, false, c, cOff, 0, m, simd);
}

/** Whether gemm packs (otherwise it runs straight loops); only packed products split by rows. */
export function usesPackedGemm(m: number, n: number, k: number): boolean {
  return m * n * k > SMALL_PRODUCT && m >= 2 && k > 0;
}

/**
 * Rows [first, end) of `matmul`, for products that use the packed GEMM: each element of C is
 * computed exactly as the whole product computes it, so any split into row ranges is bit-identical.
 */
export function matmulRows(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  args: MatmulArgs,
  first: number,
  end: number,
  simd: WasmKernels | null,
): void {
  const { m, n, k, transA, transB, accumulate } = args;
  if (!usesPackedGemm(m, n, k)) throw new Error(`matmulRows: m=${m}, n=${n}, k=${k} is not a packed product`);
  if (first >= end) return;
  if (!accumulate) c.fill(0, first * n, end * n);
  packedGemm(m, n, k, a, 0, transA, b, 0, transB, c, 0, first, end, simd);
}

/** The packed GEMM over rows [first, end) of C (A and C addressed as the whole m-row product). */
// biome-ignore format: the row range on the signature line
function packedGemm(m: number, n: number, k: number, a: FloatArray, aOff: number, transA: boolean, b: FloatArray, bOff: number, transB: boolean, c: FloatArray, cOff: number, first: number, end: number, kernels: WasmKernels | null): void {
  const simd = kernels && simdBlocks(kernels);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    const depth = panelDepth(k);
    for (let pc = 0; pc < k; pc += depth) {
      const kc = Math.min(depth, k - pc);
      packB(b, bOff, transB, k, n, pc, kc, jc, nc, simd?.b);
      const cols = simd ? null : packedColumns(nc, kc);
      for (let ic = first; ic < end; ic += MC) {
        const mc = Math.min(MC, end - ic);
        packA(a, aOff, transA, m, k, ic, mc, pc, kc, simd?.a);
        if (cols) macroKernel(mc, nc, kc, packedB, sliverRows, 0, cols, c, cOff + ic * n + jc, n);
        else if (simd) simdBlock(simd, mc, nc, kc, c, cOff + ic * n + jc, n);
      }
    }
  }
}

/**
 * C (m×n at cOff, row stride ldc) += A·B where A is stored m×k row-major at aOff and B is never
 * stored: B(r, j) = x[rowAt[r] + colAt[j]]. This is a convolution as an "implicit GEMM": with x a
 * zero-padded image, rowAt the offsets of the kernel taps and colAt those of the output positions
 * (or the other way round for the weight gradient), B is the im2col matrix, gathered on the fly
 * by the micro-kernel instead of unfolded into memory. `colAt` must hold n rounded up to a
 * multiple of 8 entries (extra entries pointing anywhere inside x).
 */
export function gatherGemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  x: Float64Array,
  rowAt: Int32Array,
  colAt: Int32Array,
  c: FloatArray,
  cOff: number,
  ldc: number,
  kernels: WasmKernels | null,
): void {
  const simd = kernels && simdBlocks(kernels);
  const depth = panelDepth(k);
  for (let pc = 0; pc < k; pc += depth) {
    const kc = Math.min(depth, k - pc);
    if (simd) {
      simdGatherPanel(simd, m, n, k, a, aOff, x, rowAt, colAt, pc, kc, c, cOff, ldc);
      continue;
    }
    packA(a, aOff, false, m, k, 0, m, pc, kc);
    macroKernel(m, n, kc, x, rowAt, pc, colAt, c, cOff, ldc);
  }
}

/**
 * One kc-deep panel of gatherGemm through the SIMD block kernel: B's panel is gathered into the
 * packed layout first. Each element still gets one sum per panel, added to C in panel order, so
 * the result is the scalar kernel's to the bit.
 */
// biome-ignore format: the operands on one line
function simdGatherPanel(s: SimdBlocks, m: number, n: number, k: number, a: FloatArray, aOff: number, x: Float64Array, rowAt: Int32Array, colAt: Int32Array, pc: number, kc: number, c: FloatArray, cOff: number, ldc: number): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    gatherSlivers(s.b, x, rowAt, pc, kc, colAt, jc, nc);
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      packA(a, aOff, false, m, k, ic, mc, pc, kc, s.a);
      simdBlock(s, mc, nc, kc, c, cOff + ic * ldc + jc, ldc);
    }
  }
}

/** At most KC, splitting k into equal panels (800 → 4 × 200, not 3 × 256 + 32: a thin last panel is mostly overhead). */
function panelDepth(k: number): number {
  return Math.ceil(k / Math.ceil(k / KC));
}

/** Straight loops for products too small to amortize packing. */
function smallGemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  transA: boolean,
  b: FloatArray,
  bOff: number,
  transB: boolean,
  c: FloatArray,
  cOff: number,
): void {
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    const cRow = cOff + i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[aOff + i * aRow + p * aCol];
      if (aip === 0) continue;
      const bp = bOff + p * bRow;
      for (let j = 0; j < n; j++) c[cRow + j] += aip * b[bp + j * bCol];
    }
  }
}

/** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-wide slivers, each kc rows deep; ragged columns are zero. */
function packB(
  b: FloatArray,
  bOff: number,
  transB: boolean,
  k: number,
  n: number,
  pc: number,
  kc: number,
  jc: number,
  nc: number,
  into?: Float64Array,
) {
  // op(B)(p, j) = B[p, j], or B[j, p] when transposed.
  const origin = transB ? bOff + jc * k + pc : bOff + pc * n + jc;
  const packed = packSlivers(into ?? packedB, b, origin, transB ? k : 1, transB ? 1 : n, nc, NR, kc);
  if (!into) packedB = packed;
}

/** Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-tall slivers, each kc columns wide; ragged rows are zero. */
function packA(
  a: FloatArray,
  aOff: number,
  transA: boolean,
  m: number,
  k: number,
  ic: number,
  mc: number,
  pc: number,
  kc: number,
  into?: Float64Array,
) {
  // op(A)(i, p) = A[i, p], or A[p, i] when transposed.
  const origin = transA ? aOff + pc * m + ic : aOff + ic * k + pc;
  const packed = packSlivers(into ?? packedA, a, origin, transA ? 1 : k, transA ? m : 1, mc, MR, kc);
  if (!into) packedA = packed;
}

/**
 * Copies `lanes` strided vectors of length `depth` (lane l, step p at src[origin + l·laneStride +
 * p·depthStride]) into slivers of `width` interleaved lanes: sliver s holds lane s·width + w at
 * s·width·depth + p·width + w, zero-filled past the last lane. Returns dst, grown if needed.
 */
function packSlivers(
  dst: Float64Array,
  src: FloatArray,
  origin: number,
  laneStride: number,
  depthStride: number,
  lanes: number,
  width: number,
  depth: number,
): Float64Array {
  const slivers = Math.ceil(lanes / width);
  const need = slivers * width * depth;
  const out = dst.length < need ? new Float64Array(need) : dst;
  for (let s = 0; s < slivers; s++) {
    const used = Math.min(width, lanes - s * width);
    const base = s * width * depth;
    if (used < width) out.fill(0, base, base + width * depth);
    for (let w = 0; w < used; w++) {
      let d = base + w;
      let at = origin + (s * width + w) * laneStride;
      for (let p = 0; p < depth; p++) {
        out[d] = src[at];
        d += width;
        at += depthStride;
      }
    }
  }
  return out;
}

/** Row r of a packed B sliver starts r·NR after the sliver: the row offsets the micro-kernel reads it with. */
const sliverRows = Int32Array.from({ length: KC }, (_, r) => r * NR);
let panelCols = new Int32Array(NC);

/** Column j of a packed B panel kc deep: sliver ⌊j / NR⌋ (kc·NR long), lane j mod NR. */
function packedColumns(nc: number, kc: number): Int32Array {
  const need = Math.ceil(nc / NR) * NR;
  if (panelCols.length < need) panelCols = new Int32Array(need);
  for (let j = 0; j < need; j++) panelCols[j] = (j - (j % NR)) * kc + (j % NR);
  return panelCols;
}

/**
 * C block (mc×nc at cBase, row stride ldc) += packed A block (kc deep) · B, with
 * B(r, j) = x[rowAt[r0 + r] + colAt[j]], one 4×8 tile at a time.
 */
function macroKernel(
  mc: number,
  nc: number,
  kc: number,
  x: Float64Array,
  rowAt: Int32Array,
  r0: number,
  colAt: Int32Array,
  c: FloatArray,
  cBase: number,
  ldc: number,
): void {
  const a = packedA;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const width = Math.min(NR, nc - j0);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const rows = Math.min(MR, mc - i0);
      const full = rows === MR && width === NR;
      gatherKernel(kc, a, i0 * kc, x, rowAt, r0, colAt, j0, c, cBase + i0 * ldc + j0, ldc, full);
      if (!full) addTile(c, cBase + i0 * ldc + j0, ldc, rows, width);
    }
  }
}

function addTile(c: FloatArray, cStart: number, ldc: number, rows: number, cols: number): void {
  const t = tile;
  for (let i = 0; i < rows; i++) {
    const row = cStart + i * ldc;
    const tRow = i * NR;
    for (let j = 0; j < cols; j++) c[row + j] += t[tRow + j];
  }
}

/**
 * C tile (4×8 at cAt, row stride ldc) += A sliver (kc×4 interleaved) · B(r, j) = x[rowAt[r0 + r] + colAt[j0 + j]]
 * (see gatherGemm) when `full`; otherwise the product goes to the scratch tile for addTile.
 */
// biome-ignore format: one row of the 4×8 block per line; the 32 accumulators must be locals for V8 to keep them in registers
function gatherKernel(kc: number, a: Float64Array, ai: number, x: Float64Array, rowAt: Int32Array, r0: number, colAt: Int32Array, j0: number, c: FloatArray, cAt: number, ldc: number, full: boolean): void {
  const o0 = colAt[j0], o1 = colAt[j0 + 1], o2 = colAt[j0 + 2], o3 = colAt[j0 + 3];
  const o4 = colAt[j0 + 4], o5 = colAt[j0 + 5], o6 = colAt[j0 + 6], o7 = colAt[j0 + 7];
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let r = r0, end = r0 + kc; r < end; r++) {
    const at = rowAt[r];
    const b0 = x[at + o0], b1 = x[at + o1], b2 = x[at + o2], b3 = x[at + o3];
    const b4 = x[at + o4], b5 = x[at + o5], b6 = x[at + o6], b7 = x[at + o7];
    let v = a[ai];
    c00 += v * b0; c01 += v * b1; c02 += v * b2; c03 += v * b3;
    c04 += v * b4; c05 += v * b5; c06 += v * b6; c07 += v * b7;
    v = a[ai + 1];
    c10 += v * b0; c11 += v * b1; c12 += v * b2; c13 += v * b3;
    c14 += v * b4; c15 += v * b5; c16 += v * b6; c17 += v * b7;
    v = a[ai + 2];
    c20 += v * b0; c21 += v * b1; c22 += v * b2; c23 += v * b3;
    c24 += v * b4; c25 += v * b5; c26 += v * b6; c27 += v * b7;
    v = a[ai + 3];
    c30 += v * b0; c31 += v * b1; c32 += v * b2; c33 += v * b3;
    c34 += v * b4; c35 += v * b5; c36 += v * b6; c37 += v * b7;
    ai += MR;
  }
  if (full) {
    let o = cAt;
    c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03; c[o + 4] += c04; c[o + 5] += c05; c[o + 6] += c06; c[o + 7] += c07;
    o += ldc;
    c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13; c[o + 4] += c14; c[o + 5] += c15; c[o + 6] += c16; c[o + 7] += c17;
    o += ldc;
    c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23; c[o + 4] += c24; c[o + 5] += c25; c[o + 6] += c26; c[o + 7] += c27;
    o += ldc;
    c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33; c[o + 4] += c34; c[o + 5] += c35; c[o + 6] += c36; c[o + 7] += c37;
    return;
  }
  // A ragged edge tile goes through the scratch tile; the caller adds its valid part.
  const out = tile;
  out[0] = c00; out[1] = c01; out[2] = c02; out[3] = c03; out[4] = c04; out[5] = c05; out[6] = c06; out[7] = c07;
  out[8] = c10; out[9] = c11; out[10] = c12; out[11] = c13; out[12] = c14; out[13] = c15; out[14] = c16; out[15] = c17;
  out[16] = c20; out[17] = c21; out[18] = c22; out[19] = c23; out[20] = c24; out[21] = c25; out[22] = c26; out[23] = c27;
  out[24] = c30; out[25] = c31; out[26] = c32; out[27] = c33; out[28] = c34; out[29] = c35; out[30] = c36; out[31] = c37;
}
