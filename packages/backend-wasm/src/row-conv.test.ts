import type { DType } from '@scratchnet/tensor';
import { type Conv2dOptions, createRng, resolveConv2dGeometry, sizeOf } from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomFloats,
  referenceConv2dBackwardInput,
  referenceConv2dForward,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import type { WasmBackend } from './backend';
import { scalarBackend, simdBackend } from './simd-test-paths';
import { reserveRegions, wasmKernels } from './wasm/wasm-kernels';

const rng = createRng(23);

/** Forward pass of [N, C, H, W] ⋆ [K, C/groups, kH, kW] on random data, bias included, through the current path. */
// biome-ignore format: the arguments on one line
function forward(backend: WasmBackend, dtype: DType, input: number[], weight: number[], options: Conv2dOptions, seed: number) {
  const g = resolveConv2dGeometry(input, weight, options);
  const r = createRng(seed);
  const x = randomFloats(r, dtype, sizeOf(input));
  const w = randomFloats(r, dtype, sizeOf(weight));
  const bias = randomFloats(r, dtype, weight[0]);
  const y = randomFloats(r, dtype, g.batch * g.outChannels * g.outHeight * g.outWidth);
  backend.conv2dForward(x, w, bias, y, g);
  return { g, x, w, bias, y };
}

describe('wasm SIMD row convolution', () => {
  it('is available in this runtime (Node has WebAssembly SIMD), and planned only where settings allow it', () => {
    expect(wasmKernels()).not.toBeNull();
    const g = resolveConv2dGeometry([2, 3, 8, 8], [4, 3, 3, 3], { padding: 1 });
    expect(simdBackend.planConv2d('forward', g, 'float32').algorithm).toBe('simd-rows');
    expect(scalarBackend.planConv2d('forward', g, 'float32').algorithm).toBe('implicit-gemm');
  });

  // With one or two output channels the scalar path runs the sliding kernel, whose sums the SIMD
  // kernel forms lane for lane: the two must agree to the bit, ragged row ends included.
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: agrees bit for bit with the scalar sliding kernel`, () => {
      for (let t = 0; t < 40; t++) {
        const K = 1 + rng.int(2);
        const C = 1 + rng.int(3);
        const kh = 1 + rng.int(4);
        const kw = 1 + rng.int(4);
        const H = kh + rng.int(12);
        const W = kw + rng.int(40);
        const options: Conv2dOptions = {
          padding: [rng.int(kh), rng.int(kh), rng.int(kw), rng.int(kw)],
          stride: [1 + rng.int(2), 1],
          dilation: [1 + rng.int(2), 1],
        };
        const input = [1 + rng.int(3), C, H * 2, W];
        const weight = [K, C, kh, kw];
        const simd = forward(simdBackend, dtype, input, weight, options, t);
        const scalar = forward(scalarBackend, dtype, input, weight, options, t);
        expect(Array.from(simd.y), JSON.stringify({ input, weight, options })).toEqual(Array.from(scalar.y));
      }
    });
  }

  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: every block of output channels (4, 2, 1), groups, tall strides and dilations match the reference`, () => {
      for (const [K, groups] of [
        [3, 1],
        [5, 1],
        [7, 1],
        [8, 2],
        [6, 3],
        [12, 4],
        [9, 9],
      ]) {
        const C = groups * (1 + rng.int(3));
        const options: Conv2dOptions = { padding: [2, 0, 1, 3], stride: [2, 1], dilation: [2, 1], groups };
        const input = [2, C, 11, 1 + rng.int(21)];
        const weight = [K, C / groups, 3, 2];
        const { g, x, w, bias, y } = forward(simdBackend, dtype, input, weight, options, K);
        const expected = new Float64Array(y.length);
        referenceConv2dForward(
          Float64Array.from(x),
          Float64Array.from(w),
          Float64Array.from(bias),
          expected,
          g,
        );
        expect(maxRelativeError(y, expected), JSON.stringify({ input, weight })).toBeLessThan(
          CONV_TOLERANCE[dtype],
        );
      }
    });

    it(`${dtype}: backward-input matches the reference, padding wider than the kernel (a cropped transposed pass) included`, () => {
      for (const [K, C, pad] of [
        [1, 1, 0],
        [3, 1, 2],
        [2, 5, 3],
        [9, 6, 1],
        [4, 4, 4],
      ]) {
        const g = resolveConv2dGeometry([3, C, 9, 13], [K, C, 3, 3], { padding: [pad, 1, 0, pad] });
        const dy = randomFloats(rng, dtype, g.batch * K * g.outHeight * g.outWidth);
        const w = randomFloats(rng, dtype, K * C * 9);
        const dx = randomFloats(rng, dtype, 3 * C * 9 * 13);
        simdBackend.conv2dBackwardInput(dy, w, dx, g);
        const expected = new Float64Array(dx.length);
        referenceConv2dBackwardInput(Float64Array.from(dy), Float64Array.from(w), expected, g);
        expect(maxRelativeError(dx, expected), `K=${K} C=${C} pad=${pad}`).toBeLessThan(
          CONV_TOLERANCE[dtype],
        );
      }
    });
  }

  it('gives empty sums (no input channels) and empty outputs without running the kernels', () => {
    for (const [input, weight, options] of [
      [[2, 0, 5, 5], [3, 0, 3, 3], {}],
      [[1, 1, 0, 0], [2, 1, 3, 3], { padding: 2 }],
      [[1, 1, 0, 4], [2, 1, 1, 3], { padding: [1, 1, 0, 0] }],
    ] as [number[], number[], Conv2dOptions][]) {
      const g = resolveConv2dGeometry(input, weight, options);
      const w = randomFloats(rng, 'float64', sizeOf(weight));
      const dy = randomFloats(rng, 'float64', g.batch * g.outChannels * g.outHeight * g.outWidth);
      const x = randomFloats(rng, 'float64', sizeOf(input));
      const y = new Float64Array(dy.length).fill(Number.NaN);
      const dx = new Float64Array(x.length).fill(Number.NaN);
      const dw = new Float64Array(w.length).fill(Number.NaN);
      simdBackend.conv2dForward(x, w, new Float64Array(weight[0]).fill(1.5), y, g);
      simdBackend.conv2dBackwardInput(dy, w, dx, g);
      simdBackend.conv2dBackwardWeight(x, dy, dw, null, g);
      const label = JSON.stringify({ input, weight, options });
      // No input channels, or nothing but padding to read: every output is the bias.
      expect(Array.from(y), label).toEqual(new Array(y.length).fill(1.5));
      expect(Array.from(dx), label).toEqual(new Array(dx.length).fill(0));
      expect(Array.from(dw), label).toEqual(new Array(dw.length).fill(0));
    }
  });

  it('refuses, naming the size, a problem too large for 32-bit WebAssembly memory', () => {
    const kernels = wasmKernels();
    if (!kernels) throw new Error('no WebAssembly SIMD in this runtime');
    expect(() => reserveRegions(kernels, [2 ** 30, 2 ** 30], 'a test')).toThrow(
      'wasm backend: a test needs 2048.0 MB of WebAssembly memory, more than this runtime lets it reserve',
    );
    expect(reserveRegions(kernels, [1000, 24], 'a test')).toEqual([0, 1008]);
  });
});
