import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';
import type { WeightBlock } from './conv2d-backward-weight';
import { tapOffsets } from './im2col';
import { PaddedInput, paddedInputBytes } from './padded-input';
import { reserveRegions, type WasmKernels } from './wasm/wasm-kernels';

/**
 * One block of dWeight (overwritten) through the SIMD weight-gradient kernel `k`, for convolutions
 * that are stride 1 and undilated along the width: per image and group the padded input and the
 * block's rows of dy go into the kernels' memory, the block accumulates there in float64 over all
 * images, and is rounded into dWeight once.
 */
// biome-ignore format: the arguments on one line
export function rowWeightGradient(x: FloatArray, dy: FloatArray, dWeight: FloatArray, g: Conv2dGeometry, block: WeightBlock, k: WasmKernels): void {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  const { outHeight: OH, outWidth: OW } = g;
  const [g0, g1] = block.groups;
  const [r0, r1] = block.rows;
  const [c0, c1] = block.cols;
  const rows = r1 - r0;
  const cols = c1 - c0;
  const channelBlocks = Math.ceil(rows / 4);
  const tapPairs = Math.ceil(cols / 2);
  const pairs = Math.ceil(OW / 2);
  // biome-ignore format: the shape on one line
  const shape = { ...g, top: g.padTop, left: g.padLeft, bufferHeight: g.inHeight + g.padTop + g.padBottom, bufferWidth: g.inWidth + g.padLeft + g.padRight };
  const dyDoubles = channelBlocks * OH * pairs * 8;
  const outDoubles = (g1 - g0) * channelBlocks * 4 * tapPairs * 2;
  // biome-ignore format: the regions on one line
  const regions = reserveRegions(k, [tapPairs * 2 * 4, dyDoubles * 8, outDoubles * 8, ...paddedInputBytes(shape, x)], 'the SIMD weight gradient');
  const [tapAt, dyAt, outAt, bufAt, rawAt] = regions;
  const heap = k.memory.buffer;
  const offsets = tapOffsets(g.inChannels / g.groups, g.kernelHeight, g.kernelWidth, g.dilationHeight, 1, shape.bufferHeight, shape.bufferWidth);
  const tapAddress = new Int32Array(heap, tapAt, tapPairs * 2);
  for (let t = 0; t < tapPairs * 2; t++) tapAddress[t] = t < cols ? offsets[c0 + t] * 8 : 0;
  // Lanes past a row's end and channels past the block's last stay zero: packing never writes them.
  const packed = new Float64Array(heap, dyAt, dyDoubles).fill(0);
  const out = new Float64Array(heap, outAt, outDoubles).fill(0);
  const input = new PaddedInput(k, shape, x, bufAt, rawAt);
  const outRow = tapPairs * 2;
  const outPlane = OH * OW;
  for (let n = 0; n < g.batch; n++) {
    for (let grp = g0; grp < g1; grp++) {
      input.load(n, grp);
      packRows(dy, (n * g.outChannels + grp * groupOut + r0) * outPlane, rows, OH, OW, packed);
      const outBlock = outAt + (grp - g0) * channelBlocks * 4 * outRow * 8;
      // biome-ignore format: the kernel's parameters on one line
      k.weightGrad(dyAt, bufAt, tapAt, channelBlocks, tapPairs, OH, OW >> 1, OW & 1, g.strideHeight * shape.bufferWidth * 8, outBlock, outRow * 8);
    }
  }
  for (let grp = g0; grp < g1; grp++) {
    for (let r = 0; r < rows; r++) {
      const from = ((grp - g0) * channelBlocks * 4 + r) * outRow;
      const to = (grp * groupOut + r0 + r) * taps + c0;
      for (let t = 0; t < cols; t++) dWeight[to + t] = out[from + t];
    }
  }
}

/** `channels` planes of dy (rows × width from dyOff) as the kernel reads them: [block of 4][row][pair][channel][lane]. */
// biome-ignore format: the layout on one line
function packRows(dy: FloatArray, dyOff: number, channels: number, rows: number, width: number, packed: Float64Array): void {
  const pairs = (width + 1) >> 1;
  for (let m = 0; m < channels; m++) {
    const plane = dyOff + m * rows * width;
    const base = (m >> 2) * rows * pairs * 8 + (m & 3) * 2;
    for (let r = 0; r < rows; r++) {
      const from = plane + r * width;
      const to = base + r * pairs * 8;
      for (let c = 0; c < width; c++) packed[to + (c >> 1) * 8 + (c & 1)] = dy[from + c];
    }
  }
}
