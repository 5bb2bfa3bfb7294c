import type { Conv2dGeometry } from '@scratchnet/tensor';
import {
  conv2dInputSize,
  conv2dOutputSize,
  conv2dWeightSize,
  createRng,
  resolveConv2dGeometry,
} from '@scratchnet/tensor';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomConv2dCases,
  randomFloats,
  referenceConv2dBackwardWeight,
} from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { conv2dBackwardWeightBlock } from './conv2d-backward-weight';
import { SIMD_TEST_PATHS, simdBackend } from './simd-test-paths';

const rng = createRng(13);

describe('wasm conv2dBackwardWeight', () => {
  for (const [dtype, backend, kernels] of SIMD_TEST_PATHS) {
    it(`${dtype}, ${kernels} kernels: match the reference (weight and bias) on random geometries of every kind`, () => {
      for (const [i, c] of randomConv2dCases(404, 54).entries()) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, conv2dInputSize(g));
        const dy = randomFloats(rng, dtype, conv2dOutputSize(g));
        // Stale contents must be overwritten; every other case leaves the bias out.
        const dw = randomFloats(rng, dtype, conv2dWeightSize(g));
        const db = i % 2 === 0 ? randomFloats(rng, dtype, g.outChannels) : null;
        const expectedW = new Float64Array(dw.length);
        const expectedB = new Float64Array(g.outChannels);
        backend.conv2dBackwardWeight(x, dy, dw, db, g);
        referenceConv2dBackwardWeight(Float64Array.from(x), Float64Array.from(dy), expectedW, expectedB, g);
        const label = `${c.kind} ${JSON.stringify(c)}`;
        expect(maxRelativeError(dw, expectedW), label).toBeLessThan(CONV_TOLERANCE[dtype]);
        if (db) expect(maxRelativeError(db, expectedB), label).toBeLessThan(CONV_TOLERANCE[dtype]);
      }
    });
  }

  // The SIMD kernel sums column pairs; on an odd row its spare lane reads the input past the
  // row, which must add exactly 0 even when that input is infinite.
  it('keeps an infinity the weight never meets out of its gradient (odd output rows)', () => {
    for (const W of [6, 9]) {
      const g = resolveConv2dGeometry([2, 3, 5, W], [4, 3, 2, 2]);
      const x = randomFloats(rng, 'float64', conv2dInputSize(g));
      for (let i = W - 1; i < x.length; i += W) x[i] = Number.POSITIVE_INFINITY; // the last column
      const dy = randomFloats(rng, 'float64', conv2dOutputSize(g));
      const dw = new Float64Array(conv2dWeightSize(g));
      simdBackend.conv2dBackwardWeight(x, dy, dw, null, g);
      const expected = new Float64Array(dw.length);
      referenceConv2dBackwardWeight(x, Float64Array.from(dy), expected, new Float64Array(4), g);
      // Taps of kernel column 0 never reach the last input column: finite, and equal to the reference.
      const firstColumn = (a: Float64Array) => a.filter((_, i) => i % 2 === 0);
      expect(firstColumn(dw).every(Number.isFinite), `W=${W}`).toBe(true);
      expect(maxRelativeError(firstColumn(dw), firstColumn(expected)), `W=${W}`).toBeLessThan(
        CONV_TOLERANCE.float64,
      );
    }
  });

  it('is the gradient of Σ (conv(x, w) + b)·r with respect to w and b (central differences, float64)', () => {
    // The loss is linear in w and b, so central differences are exact up to rounding (~1e-12 here).
    const h = 1e-3;
    for (const c of randomConv2dCases(505, 18)) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float64', conv2dInputSize(g));
      const w = randomFloats(rng, 'float64', conv2dWeightSize(g));
      const b = randomFloats(rng, 'float64', g.outChannels);
      const r = randomFloats(rng, 'float64', conv2dOutputSize(g));
      const y = new Float64Array(conv2dOutputSize(g));
      const loss = () => {
        simdBackend.conv2dForward(x, w, b, y, g);
        return y.reduce((s, v, i) => s + v * r[i], 0);
      };
      const dw = new Float64Array(w.length);
      const db = new Float64Array(b.length);
      simdBackend.conv2dBackwardWeight(x, r, dw, db, g);
      for (const [values, grad] of [
        [w, dw],
        [b, db],
      ]) {
        for (let t = 0; t < 4; t++) {
          const i = rng.int(values.length);
          const saved = values[i];
          values[i] = saved + h;
          const up = loss();
          values[i] = saved - h;
          const down = loss();
          values[i] = saved;
          expect((up - down) / (2 * h), `${c.kind} index ${i}`).toBeCloseTo(grad[i], 9);
        }
      }
    }
  });

  // Threads give each part a block of dWeight: rows of every group's output channels, or columns of
  // its taps. A block that starts past row 0 or column 0 must read its own rows of dy and taps of x.
  for (const [dtype, backend, kernels] of SIMD_TEST_PATHS) {
    it(`${dtype}, ${kernels} kernels: any block of dWeight matches the reference and leaves the rest alone`, () => {
      const cases = randomConv2dCases(606, 48).filter((c) => c.geometry.outChannels / c.geometry.groups >= 4);
      expect(cases.length).toBeGreaterThanOrEqual(8);
      for (const c of cases) {
        const g = c.geometry;
        const groupOut = g.outChannels / g.groups;
        const taps = (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;
        const x = randomFloats(rng, dtype, conv2dInputSize(g));
        const dy = randomFloats(rng, dtype, conv2dOutputSize(g));
        const expected = new Float64Array(conv2dWeightSize(g));
        referenceConv2dBackwardWeight(Float64Array.from(x), Float64Array.from(dy), expected, null, g);
        const plan = backend.planConv2d('backward-weight', g, dtype);
        const r0 = 1 + rng.int(groupOut - 1);
        const c0 = taps > 8 ? 8 : 0;
        const block = { groups: [0, g.groups], rows: [r0, groupOut], cols: [c0, taps] } as const;
        const dw = new Float64Array(conv2dWeightSize(g)).fill(Number.NaN);
        conv2dBackwardWeightBlock(x, dy, dw, g, block, plan);
        const label = `${plan.algorithm} rows ${r0}.. cols ${c0}.. ${c.kind} ${JSON.stringify(c.options)}`;
        for (let i = 0; i < dw.length; i++) {
          const row = Math.floor(i / taps) % groupOut;
          const inBlock = row >= r0 && i % taps >= c0;
          if (!inBlock) expect(dw[i], `${label}: element ${i} is outside the block`).toBeNaN();
        }
        const inside = (values: ArrayLike<number>) =>
          Array.from(values).filter((_, i) => Math.floor(i / taps) % groupOut >= r0 && i % taps >= c0);
        expect(maxRelativeError(inside(dw), inside(expected)), label).toBeLessThan(CONV_TOLERANCE[dtype]);
      }
    });
  }
});
