import type { FloatArray } from '@scratchnet/tensor';
import { KC, MC, MR, NC, NR } from './gemm-blocking';
import { reserveRegions, type WasmKernels } from './wasm/wasm-kernels';

/** The SIMD block kernel and views of the regions it reads (packed A and B) and writes (a C block). */
export interface SimdBlocks {
  kernels: WasmKernels;
  a: Float64Array;
  b: Float64Array;
  block: Float64Array;
}

/** Regions for the packed panels and a C block in `kernels`' memory (a few MB, whatever the product's size). */
export function simdBlocks(kernels: WasmKernels): SimdBlocks {
  const regions = reserveRegions(kernels, [MC * KC * 8, KC * NC * 8, MC * NC * 8], 'the SIMD GEMM');
  const heap = kernels.memory.buffer;
  // biome-ignore format: the three views on one line
  return { kernels, a: new Float64Array(heap, regions[0], MC * KC), b: new Float64Array(heap, regions[1], KC * NC), block: new Float64Array(heap, regions[2], MC * NC) };
}

/** C block (mc×nc at cBase, row stride ldc) += packed A · packed B, the product formed by the SIMD kernel. */
// biome-ignore format: the block on the signature line
export function simdBlock(s: SimdBlocks, mc: number, nc: number, kc: number, c: FloatArray, cBase: number, ldc: number): void {
  const width = Math.ceil(nc / NR) * NR;
  s.kernels.gemmBlock(s.a.byteOffset, s.b.byteOffset, kc, Math.ceil(mc / MR), width / NR, s.block.byteOffset, width * 8);
  const block = s.block;
  for (let i = 0; i < mc; i++) {
    const row = cBase + i * ldc;
    const from = i * width;
    for (let j = 0; j < nc; j++) c[row + j] += block[from + j];
  }
}

/** B(r, j) = x[rowAt[r0 + r] + colAt[j0 + j]] for r < kc, j < nc (rounded up to 8) as packed NR-wide slivers. */
// biome-ignore format: the operands on one line
export function gatherSlivers(out: Float64Array, x: Float64Array, rowAt: Int32Array, r0: number, kc: number, colAt: Int32Array, j0: number, nc: number): void {
  const slivers = Math.ceil(nc / NR);
  let d = 0;
  for (let sliver = 0; sliver < slivers; sliver++) {
    const j = j0 + sliver * NR;
    const o0 = colAt[j], o1 = colAt[j + 1], o2 = colAt[j + 2], o3 = colAt[j + 3];
    const o4 = colAt[j + 4], o5 = colAt[j + 5], o6 = colAt[j + 6], o7 = colAt[j + 7];
    for (let r = r0; r < r0 + kc; r++) {
      const at = rowAt[r];
      out[d] = x[at + o0]; out[d + 1] = x[at + o1]; out[d + 2] = x[at + o2]; out[d + 3] = x[at + o3];
      out[d + 4] = x[at + o4]; out[d + 5] = x[at + o5]; out[d + 6] = x[at + o6]; out[d + 7] = x[at + o7];
      d += NR;
    }
  }
}
