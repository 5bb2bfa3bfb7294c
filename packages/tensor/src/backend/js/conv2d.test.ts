import { describe, expect, it } from 'vitest';
import {
  conv2dInputSize,
  conv2dOutputSize,
  conv2dWeightSize,
  resolveConv2dGeometry,
} from '../../conv-geometry';
import type { DType, FloatArray } from '../../dtype';
import { createRng } from '../../rng';
import { randomConv2dCases } from '../../testing/random-cases';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomFloats,
  referenceConv2dBackwardInput,
  referenceConv2dBackwardWeight,
  referenceConv2dForward,
} from '../../testing/reference-kernels';
import type { Conv2dGeometry } from '../types';
import { conv2dBackwardInput, conv2dBackwardWeight, conv2dForward } from './conv2d';

const rng = createRng(7);
const f64 = (a: FloatArray | null) => a && Float64Array.from(a);

describe('js conv2d (im2col + GEMM)', () => {
  it('computes a hand-checked 3×3 * 2×2 example with bias, and its gradients', () => {
    const g = resolveConv2dGeometry([1, 1, 3, 3], [1, 1, 2, 2]);
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = Float64Array.from([1, 0, 0, -1]);
    const y = new Float64Array(4);
    conv2dForward(x, w, Float64Array.from([10]), y, g);
    // Each output is x[i, j] − x[i + 1, j + 1] + 10 = −4 + 10.
    expect([...y]).toEqual([6, 6, 6, 6]);
    const dy = Float64Array.from([1, 2, 3, 4]);
    const dx = new Float64Array(9);
    conv2dBackwardInput(dy, w, dx, g);
    // dx[h, w] = dy[h, w]·1 − dy[h − 1, w − 1]·1.
    expect([...dx]).toEqual([1, 2, 0, 3, 3, -2, 0, -3, -4]);
    const dw = new Float64Array(4);
    const db = new Float64Array(1);
    conv2dBackwardWeight(x, dy, dw, db, g);
    // dw[kh, kw] = Σ dy[h, w]·x[h + kh, w + kw].
    expect([...dw]).toEqual([37, 47, 67, 77]);
    expect([...db]).toEqual([10]);
  });

  for (const dtype of ['float64', 'float32'] as DType[]) {
    it(`${dtype}: every pass matches the direct-sum reference on random geometries of every kind`, () => {
      for (const [i, c] of randomConv2dCases(101, 60).entries()) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, conv2dInputSize(g));
        const w = randomFloats(rng, dtype, conv2dWeightSize(g));
        const bias = i % 2 === 0 ? randomFloats(rng, dtype, g.outChannels) : null;
        const dy = randomFloats(rng, dtype, conv2dOutputSize(g));
        const label = `${c.kind} ${JSON.stringify(c)}`;
        // Stale contents in every output must be overwritten.
        const y = randomFloats(rng, dtype, conv2dOutputSize(g));
        const expectedY = new Float64Array(y.length);
        conv2dForward(x, w, bias, y, g);
        referenceConv2dForward(f64(x) as Float64Array, f64(w) as Float64Array, f64(bias), expectedY, g);
        expect(maxRelativeError(y, expectedY), label).toBeLessThan(CONV_TOLERANCE[dtype]);

        const dx = randomFloats(rng, dtype, x.length);
        const expectedDx = new Float64Array(x.length);
        conv2dBackwardInput(dy, w, dx, g);
        referenceConv2dBackwardInput(f64(dy) as Float64Array, f64(w) as Float64Array, expectedDx, g);
        expect(maxRelativeError(dx, expectedDx), label).toBeLessThan(CONV_TOLERANCE[dtype]);

        const dw = randomFloats(rng, dtype, w.length);
        const db = bias && randomFloats(rng, dtype, g.outChannels);
        const expectedDw = new Float64Array(w.length);
        const expectedDb = db && new Float64Array(db.length);
        conv2dBackwardWeight(x, dy, dw, db, g);
        referenceConv2dBackwardWeight(
          f64(x) as Float64Array,
          f64(dy) as Float64Array,
          expectedDw,
          expectedDb,
          g,
        );
        expect(maxRelativeError(dw, expectedDw), label).toBeLessThan(CONV_TOLERANCE[dtype]);
        if (db && expectedDb)
          expect(maxRelativeError(db, expectedDb), label).toBeLessThan(CONV_TOLERANCE[dtype]);
      }
    });
  }
});
