import type { Conv2dGeometry, FloatArray } from '@scratchnet/tensor';
import { gatherGemm } from './gemm';
import { gatherPlan, padGroup } from './im2col';
import type { ConvPlan } from './planner';
import { rowWeightGradient } from './row-weight-gradient';
import { kernelsFor, simdKernels } from './wasm/wasm-kernels';

/**
 * dWeight = Σ over images of dy · colsᵀ per group, as `plan` says: the SIMD weight-gradient kernel
 * (row-weight-gradient.ts), or an implicit GEMM reducing over the output positions that gathers the
 * im2col matrix from the zero-padded input. Threads split dWeight into blocks (see WeightBlock).
 */
export function conv2dBackwardWeightAll(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  g: Conv2dGeometry,
  plan: ConvPlan,
): void {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  conv2dBackwardWeightBlock(
    x,
    dy,
    dWeight,
    g,
    { groups: [0, g.groups], rows: [0, groupOut], cols: [0, taps] },
    plan,
  );
}

/**
 * A block of dWeight: output channels `rows` (within each group) × taps `cols` (input channel,
 * kernel row, kernel column, within a group) of groups `groups`, each range [start, end).
 * Every element sums over the images in the same order whatever block holds it, so any tiling
 * of dWeight into blocks gives bit-identical results. `cols` starts at a multiple of 8.
 */
export interface WeightBlock {
  groups: readonly [number, number];
  rows: readonly [number, number];
  cols: readonly [number, number];
}

/** The dWeight elements of one block (overwritten), the other elements untouched. */
export function conv2dBackwardWeightBlock(
  x: FloatArray,
  dy: FloatArray,
  dWeight: FloatArray,
  g: Conv2dGeometry,
  block: WeightBlock,
  plan: ConvPlan,
): void {
  const groupOut = g.outChannels / g.groups;
  const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
  const outPlane = g.outHeight * g.outWidth;
  const [g0, g1] = block.groups;
  const [r0, r1] = block.rows;
  const [c0, c1] = block.cols;
  if (g0 >= g1 || r0 >= r1 || c0 >= c1) return;
  if (plan.algorithm === 'simd-weight-rows') {
    rowWeightGradient(x, dy, dWeight, g, block, simdKernels());
    return;
  }
  if (plan.algorithm !== 'implicit-gemm') {
    throw new Error(`conv2d backward-weight: the wasm backend has no '${plan.algorithm}' weight gradient`);
  }
  for (let grp = g0; grp < g1; grp++) {
    for (let r = r0; r < r1; r++) {
      const at = (grp * groupOut + r) * taps;
      dWeight.fill(0, at + c0, at + c1);
    }
  }
  const gather = gatherPlan(g);
  const colAt = c0 === 0 ? gather.taps : gather.taps.subarray(c0);
  const simd = kernelsFor(plan);
  for (let n = 0; n < g.batch; n++) {
    for (let grp = g0; grp < g1; grp++) {
      const xp = padGroup(x, g, n, grp, gather);
      const dyOff = (n * g.outChannels + grp * groupOut + r0) * outPlane;
      const wOff = (grp * groupOut + r0) * taps + c0;
      gatherGemm(
        r1 - r0,
        c1 - c0,
        outPlane,
        dy,
        dyOff,
        xp,
        gather.positions,
        colAt,
        dWeight,
        wOff,
        taps,
        simd,
      );
    }
  }
}

/** dBias [outC] = Σ of dy over images and positions. */
export function conv2dBackwardBias(dy: FloatArray, dBias: FloatArray, g: Conv2dGeometry): void {
  const channels = g.outChannels;
  const plane = g.outHeight * g.outWidth;
  dBias.fill(0, 0, channels);
  for (let n = 0; n < g.batch; n++) {
    for (let k = 0; k < channels; k++) {
      const at = (n * channels + k) * plane;
      let s = 0;
      for (let i = 0; i < plane; i++) s += dy[at + i];
      dBias[k] += s;
    }
  }
}
