import type { Conv2dGeometry, Pool2dGeometry } from '../backend/types';
import { type Conv2dOptions, resolveConv2dGeometry } from '../conv-geometry';
import { type Pool2dOptions, resolvePool2dGeometry } from '../pool-geometry';
import { createRng, type Rng } from '../rng';

/** The families of convolution geometry every backend must get right. */
export const CONV2D_CASE_KINDS = [
  'plain',
  'stride-over-kernel',
  'pointwise',
  'asymmetric-padding',
  'dilation-2',
  'groups',
  'depthwise',
  'same',
  'wide',
  'winograd',
  'uneven-dilation',
  'uneven-stride',
] as const;
export type Conv2dCaseKind = (typeof CONV2D_CASE_KINDS)[number];

export interface Conv2dCase {
  kind: Conv2dCaseKind;
  inputShape: number[];
  weightShape: number[];
  options: Conv2dOptions;
  geometry: Conv2dGeometry;
}

/** Uniform integer in [low, high]. */
function between(rng: Rng, low: number, high: number): number {
  return low + rng.int(high - low + 1);
}

interface Draft {
  channels: [number, number];
  groups: number;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number, number, number] | 'same';
  dilation: [number, number];
}

function draft(rng: Rng, kind: Conv2dCaseKind): Draft {
  const d: Draft = {
    channels: [between(rng, 1, 4), between(rng, 1, 4)],
    groups: 1,
    kernel: [between(rng, 1, 3), between(rng, 1, 3)],
    stride: [between(rng, 1, 2), between(rng, 1, 2)],
    padding: [0, 0, 0, 0],
    dilation: [1, 1],
  };
  const p = between(rng, 0, 1);
  switch (kind) {
    case 'plain':
      d.padding = [p, p, p, p];
      break;
    case 'stride-over-kernel':
      d.kernel = [between(rng, 1, 2), between(rng, 1, 2)];
      d.stride = [d.kernel[0] + between(rng, 1, 2), d.kernel[1] + between(rng, 1, 2)];
      break;
    case 'pointwise':
      d.channels = [between(rng, 2, 24), between(rng, 2, 12)];
      d.kernel = [1, 1];
      d.stride = [1, 1];
      break;
    case 'asymmetric-padding':
      d.padding = [between(rng, 0, 2), between(rng, 0, 2), between(rng, 0, 2), between(rng, 0, 2)];
      break;
    case 'dilation-2':
      d.dilation = [2, 2];
      d.padding = [p, p, p, p];
      break;
    case 'groups':
      d.groups = between(rng, 2, 3);
      d.channels = [d.groups * between(rng, 1, 3), d.groups * between(rng, 1, 3)];
      break;
    case 'depthwise': {
      const c = between(rng, 2, 5);
      d.groups = c;
      d.channels = [c, c * between(rng, 1, 2)];
      d.padding = [p, p, p, p];
      break;
    }
    case 'same': {
      const rate = between(rng, 1, 2);
      d.stride = [1, 1];
      d.padding = 'same';
      d.dilation = [rate, rate];
      break;
    }
    case 'wide':
      // Enough taps (C·kH·kW > 16) and outputs for the js backend's im2col + packed GEMM path.
      d.channels = [between(rng, 4, 8), between(rng, 5, 9)];
      d.kernel = [3, 3];
      d.padding = [1, 1, 1, 1];
      break;
    case 'winograd': {
      // What the js backend computes by Winograd in float32: stride 1, square 3×3 or 5×5, ≥ 8 channels per group.
      const r = rng.int(2) === 0 ? 3 : 5;
      d.groups = between(rng, 1, 2);
      d.channels = [d.groups * between(rng, 8, 10), d.groups * between(rng, 8, 10)];
      d.kernel = [r, r];
      d.stride = [1, 1];
      // Up to r per side: more than r − 1 crops the transposed pass's input.
      d.padding = [between(rng, 0, r), between(rng, 0, r), between(rng, 0, r), between(rng, 0, r)];
      break;
    }
    case 'uneven-dilation': {
      // One axis dilated, the other not: a kernel that mixes up the two axes' dilation fails here.
      const dilated = between(rng, 2, 3);
      d.dilation = rng.int(2) === 0 ? [dilated, 1] : [1, dilated];
      d.kernel = [between(rng, 2, 3), between(rng, 2, 3)];
      d.stride = [between(rng, 1, 2), 1];
      d.padding = [p, p, p, p];
      break;
    }
    case 'uneven-stride': {
      // One axis strided, the other not, with enough output channels to split dWeight by rows.
      const strided = between(rng, 2, 3);
      d.stride = rng.int(2) === 0 ? [strided, 1] : [1, strided];
      d.channels = [between(rng, 1, 3), between(rng, 4, 9)];
      d.padding = [p, p, p, p];
      break;
    }
  }
  return d;
}

/** One random valid convolution of the given kind (or a random kind). */
export function randomConv2dCase(rng: Rng, kind?: Conv2dCaseKind): Conv2dCase {
  const k = kind ?? CONV2D_CASE_KINDS[rng.int(CONV2D_CASE_KINDS.length)];
  const d = draft(rng, k);
  const extent = (i: 0 | 1) => d.dilation[i] * (d.kernel[i] - 1) + 1;
  const spatial =
    k === 'wide' || k === 'winograd'
      ? [between(rng, 6, 12), between(rng, 6, 12)]
      : [0, 1].map(() => between(rng, 0, 6));
  const inputShape = [between(rng, 1, 3), d.channels[0], extent(0) + spatial[0], extent(1) + spatial[1]];
  const weightShape = [d.channels[1], d.channels[0] / d.groups, d.kernel[0], d.kernel[1]];
  const options: Conv2dOptions = {
    stride: d.stride,
    padding: d.padding,
    dilation: d.dilation,
    groups: d.groups,
  };
  return {
    kind: k,
    inputShape,
    weightShape,
    options,
    geometry: resolveConv2dGeometry(inputShape, weightShape, options),
  };
}

/** `count` cases from `seed`, cycling through every kind so each appears at least count / kinds times. */
export function randomConv2dCases(seed: number, count: number): Conv2dCase[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) =>
    randomConv2dCase(rng, CONV2D_CASE_KINDS[i % CONV2D_CASE_KINDS.length]),
  );
}

export interface Pool2dCase {
  inputShape: number[];
  kernelSize: [number, number];
  options: Pool2dOptions;
  geometry: Pool2dGeometry;
}

/** A random valid pooling: kernels 1–4, strides 1–4 (also beyond the kernel), asymmetric padding up to half the kernel. */
export function randomPool2dCase(rng: Rng): Pool2dCase {
  const kernelSize: [number, number] = [between(rng, 1, 4), between(rng, 1, 4)];
  const stride: [number, number] = [between(rng, 1, 4), between(rng, 1, 4)];
  const [kh, kw] = kernelSize;
  const padding: [number, number, number, number] = [
    between(rng, 0, kh >> 1),
    between(rng, 0, kh >> 1),
    between(rng, 0, kw >> 1),
    between(rng, 0, kw >> 1),
  ];
  const inputShape = [
    between(rng, 1, 2),
    between(rng, 1, 3),
    kh + between(rng, 0, 6),
    kw + between(rng, 0, 6),
  ];
  const options: Pool2dOptions = { stride, padding };
  return {
    inputShape,
    kernelSize,
    options,
    geometry: resolvePool2dGeometry(inputShape, kernelSize, options),
  };
}

export function randomPool2dCases(seed: number, count: number): Pool2dCase[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomPool2dCase(rng));
}
