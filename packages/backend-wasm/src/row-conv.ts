import type { FloatArray } from '@scratchnet/tensor';
import { tapOffsets } from './im2col';
import { PaddedInput, type PaddedShape, paddedInputBytes } from './padded-input';
import { rowConvChunkColumns } from './wasm/row-conv-kernel';
import { reserveRegions, type WasmKernels } from './wasm/wasm-kernels';

/**
 * A convolution that is stride 1 and undilated along the width, so that an output row's
 * neighbouring columns read neighbouring input columns: y[n, k] += Σ w[k, c, kh, kw] · x[n, c]
 * shifted down by `top`, right by `left` (negative crops) and read at row
 * oh·strideHeight + kh·dilationHeight, column ow + kw. The forward pass is one; so is the
 * backward-input pass of a stride-1 convolution (dy convolved with flipped, transposed weights).
 * `weight` is [outChannels][inChannels/groups][kernelHeight][kernelWidth].
 */
export interface RowConvProblem extends PaddedShape {
  x: FloatArray;
  weight: FloatArray;
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
 * Images [first, end) of a RowConvProblem through the SIMD row kernels `k`: per image and group the
 * zero-padded input (float64) and the group's output planes go into the kernels' memory, each
 * block of output channels is added to them, and the planes are copied back.
 */
export function rowConvolution(p: RowConvProblem, first: number, end: number, k: WasmKernels): void {
  // Nothing to add (no taps: the sum is empty) or nowhere to add it; the kernel needs at least one of each.
  if (p.outHeight === 0 || p.outWidth === 0 || p.inChannels === 0) return;
  const groupIn = p.inChannels / p.groups;
  const groupOut = p.outChannels / p.groups;
  const { kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW, bufferWidth: BW } = p;
  const taps = groupIn * KH * KW;
  const blocks = channelBlocks(groupOut);
  const outPlane = OH * OW;
  const f32 = p.y instanceof Float32Array;
  const outBytes = f32 ? 4 : 8;
  // biome-ignore format: the regions on one line
  const regions = reserveRegions(k, [p.outChannels * taps * 8, taps * 4, groupOut * outPlane * outBytes, 16 * 8, ...paddedInputBytes(p, p.x)], 'the SIMD row convolution');
  const [wAt, tapAt, outAt, scratchAt, bufAt, rawAt] = regions;
  const heap = k.memory.buffer;
  packWeights(p.weight, new Float64Array(heap, wAt, p.outChannels * taps), p.groups, groupOut, taps, blocks);
  const tapOffset = new Int32Array(heap, tapAt, taps);
  const offsets = tapOffsets(groupIn, KH, KW, p.dilationHeight, 1, p.bufferHeight, BW);
  for (let t = 0; t < taps; t++) tapOffset[t] = offsets[t] * 8;
  const input = new PaddedInput(k, p, p.x, bufAt, rawAt);
  const out = f32
    ? new Float32Array(heap, outAt, groupOut * outPlane)
    : new Float64Array(heap, outAt, groupOut * outPlane);
  const kernels = k.rowConv[f32 ? 'f32' : 'f64'];
  for (let n = first; n < end; n++) {
    for (let grp = 0; grp < p.groups; grp++) {
      input.load(n, grp);
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
