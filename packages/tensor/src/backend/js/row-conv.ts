import type { FloatArray } from '../../dtype';
import { tapOffsets } from './im2col';
import { rowConvChunkColumns } from './wasm/row-conv-kernel';
import { reserveRegions, wasmKernels } from './wasm/wasm-kernels';

/**
 * A convolution that is stride 1 and undilated along the width, so that an output row's
 * neighbouring columns read neighbouring input columns: y[n, k] += Σ w[k, c, kh, kw] · x[n, c]
 * shifted down by `top`, right by `left` (negative crops) and read at row
 * oh·strideHeight + kh·dilationHeight, column ow + kw. The forward pass is one; so is the
 * backward-input pass of a stride-1 convolution (dy convolved with flipped, transposed weights).
 * `weight` is [outChannels][inChannels/groups][kernelHeight][kernelWidth].
 */
export interface RowConvProblem {
  x: FloatArray;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  top: number;
  left: number;
  bufferHeight: number;
  bufferWidth: number;
  weight: FloatArray;
  groups: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  dilationHeight: number;
  y: FloatArray;
  outChannels: number;
  outHeight: number;
  outWidth: number;
}

/** Output channels [first, first + size) of a group, as the 4-, 2- and 1-channel kernels take them. */
function channelBlocks(count: number): Array<{ first: number; size: 1 | 2 | 4 }> {
  const blocks: Array<{ first: number; size: 1 | 2 | 4 }> = [];
  for (let first = 0; first < count; ) {
    const left = count - first;
    const size = left >= 4 ? 4 : left >= 2 ? 2 : 1;
    blocks.push({ first, size });
    first += size;
  }
  return blocks;
}

/**
 * Images [first, end) of a RowConvProblem through the SIMD row kernels: per image and group the
 * zero-padded input (float64) and the group's output planes go into the kernels' memory, each
 * block of output channels is added to them, and the planes are copied back. Returns false, having
 * done nothing, where the kernels are unavailable (no WebAssembly SIMD, or its memory cannot grow
 * to the size this problem needs): the caller then runs scalar loops.
 */
export function rowConvolution(p: RowConvProblem, first: number, end: number): boolean {
  const k = wasmKernels();
  if (!k) return false;
  const groupIn = p.inChannels / p.groups;
  const groupOut = p.outChannels / p.groups;
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW, bufferWidth: BW } = p;
  const taps = groupIn * KH * KW;
  const blocks = channelBlocks(groupOut);
  const plane = p.bufferHeight * BW;
  // A row's last chunk may read up to 15 columns past the buffer's end.
  const bufferDoubles = groupIn * plane + 16;
  const outPlane = OH * OW;
  const inPlane = p.inHeight * p.inWidth;
  const f32 = p.y instanceof Float32Array;
  const outBytes = f32 ? 4 : 8;
  // biome-ignore format: the regions on one line
  const regions = reserveRegions(k, [p.outChannels * taps * 8, taps * 4, bufferDoubles * 8, groupOut * outPlane * outBytes, 16 * 8, groupIn * inPlane * outBytes]);
  if (!regions) return false;
  const [wAt, tapAt, bufAt, outAt, scratchAt, rawAt] = regions;
  const heap = k.memory.buffer;
  packWeights(p.weight, new Float64Array(heap, wAt, p.outChannels * taps), p.groups, groupOut, taps, blocks);
  const tapOffset = new Int32Array(heap, tapAt, taps);
  const offsets = tapOffsets(groupIn, KH, KW, p.dilationHeight, 1, p.bufferHeight, BW);
  for (let t = 0; t < taps; t++) tapOffset[t] = offsets[t] * 8;
  // The border stays zero: every image writes the same window.
  new Float64Array(heap, bufAt, bufferDoubles).fill(0);
  const window = inputWindow(p);
  const raw = f32
    ? new Float32Array(heap, rawAt, groupIn * inPlane)
    : new Float64Array(heap, rawAt, groupIn * inPlane);
  const widen = k.widen[f32 ? 'f32' : 'f64'];
  const out = f32
    ? new Float32Array(heap, outAt, groupOut * outPlane)
    : new Float64Array(heap, outAt, groupOut * outPlane);
  const kernels = k.rowConv[f32 ? 'f32' : 'f64'];
  for (let n = first; n < end; n++) {
    for (let grp = 0; grp < p.groups; grp++) {
      const xOff = (n * p.inChannels + grp * groupIn) * inPlane;
      raw.set(p.x.subarray(xOff, xOff + groupIn * inPlane));
      if (window) {
        const { row, column, rows, columns } = window;
        const from = rawAt + (row * p.inWidth + column) * outBytes;
        const to = bufAt + ((row + p.top) * BW + column + p.left) * 8;
        // biome-ignore format: the window on one line
        widen(from, p.inWidth * outBytes, inPlane * outBytes, groupIn, rows, columns, to, BW * 8, plane * 8);
      }
      const yOff = (n * p.outChannels + grp * groupOut) * outPlane;
      out.set(p.y.subarray(yOff, yOff + groupOut * outPlane));
      for (const b of blocks) {
        const columns = rowConvChunkColumns(b.size);
        const full = Math.floor(OW / columns);
        const wBlock = wAt + (grp * groupOut + b.first) * taps * 8;
        const outBlock = outAt + b.first * outPlane * outBytes;
        // biome-ignore format: the kernel's parameters on one line
        kernels[b.size](wBlock, taps, tapAt, bufAt, OH, p.strideHeight * BW * 8, full, OW - full * columns, outBlock, OW * outBytes, outPlane * outBytes, scratchAt);
      }
      p.y.set(out, yOff);
    }
  }
  return true;
}

/** The rows and columns of the input that land inside the buffer (null when none do). */
function inputWindow(
  p: RowConvProblem,
): { row: number; column: number; rows: number; columns: number } | null {
  const row = Math.max(0, -p.top);
  const column = Math.max(0, -p.left);
  const rows = Math.min(p.inHeight, p.bufferHeight - p.top) - row;
  const columns = Math.min(p.inWidth, p.bufferWidth - p.left) - column;
  return rows > 0 && columns > 0 ? { row, column, rows, columns } : null;
}

/** Weights of each group's channel blocks as the kernels read them: [block][tap][channel]. */
// biome-ignore format: the layout on one line
function packWeights(w: FloatArray, packed: Float64Array, groups: number, groupOut: number, taps: number, blocks: Array<{ first: number; size: number }>): void {
  let i = 0;
  for (let grp = 0; grp < groups; grp++) {
    for (const b of blocks) {
      const base = (grp * groupOut + b.first) * taps;
      for (let t = 0; t < taps; t++) {
        for (let m = 0; m < b.size; m++) packed[i++] = w[base + m * taps + t];
      }
    }
  }
}
