import { describe, expect, it } from 'vitest';
import type { Pool2dGeometry } from '../../backend/types';
import { resolvePool2dGeometry } from '../../pool-geometry';
import { createRng } from '../../rng';
import { randomPool2dCases } from '../../testing/random-cases';
import {
  maxRelativeError,
  randomFloats,
  referenceMaxPool2dBackward,
  referenceMaxPool2dForward,
} from '../../testing/reference-kernels';
import { maxPool2dBackward, maxPool2dForward } from './max-pool2d';

const rng = createRng(17);
const inputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.inHeight * g.inWidth;
const outputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.outHeight * g.outWidth;

function forward(x: Float64Array | Float32Array, g: Pool2dGeometry) {
  const y = new Float64Array(outputSize(g));
  const argmax = new Int32Array(y.length);
  maxPool2dForward(x, y, argmax, g);
  return { y, argmax };
}

describe('js maxPool2d', () => {
  it('picks the window maximum and its in-plane index on a hand-checked example', () => {
    const g = resolvePool2dGeometry([1, 1, 3, 4], 2, { padding: [1, 0, 0, 0] });
    // Rows: [1 5 2 0], [3 4 9 8], [7 6 -1 -2]; padding on top only, so windows start at row −1.
    const { y, argmax } = forward(Float64Array.from([1, 5, 2, 0, 3, 4, 9, 8, 7, 6, -1, -2]), g);
    expect([...y]).toEqual([5, 2, 7, 9]);
    expect([...argmax]).toEqual([1, 2, 8, 6]);
  });

  it('matches the reference (values and argmax, forward and backward) on random geometries', () => {
    for (const c of randomPool2dCases(606, 60)) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float32', inputSize(g));
      const { y, argmax } = forward(x, g);
      const expectedY = new Float64Array(y.length);
      const expectedArgmax = new Int32Array(y.length);
      referenceMaxPool2dForward(x, expectedY, expectedArgmax, g);
      // A max is one of its inputs: exact in any dtype.
      expect([...y], JSON.stringify(c)).toEqual([...expectedY]);
      expect([...argmax]).toEqual([...expectedArgmax]);
      const dy = randomFloats(rng, 'float64', y.length);
      const dx = randomFloats(rng, 'float64', x.length); // stale contents must be overwritten
      const expectedDx = new Float64Array(x.length);
      maxPool2dBackward(dy, argmax, dx, g);
      referenceMaxPool2dBackward(dy, argmax, expectedDx, g);
      // Overlapping windows add several dy into one dx, in the same order: exact up to rounding.
      expect(maxRelativeError(dx, expectedDx)).toBeLessThan(1e-15);
    }
  });

  it('keeps the first of tied maxima, as the reference does, with ties inside and across windows', () => {
    // Overlapping 3×3 windows, stride 1, padding 1, over a plane of ties: every window holds several 2s.
    const g = resolvePool2dGeometry([2, 1, 3, 4], 3, { stride: 1, padding: 1 });
    const plane = [2, 1, 2, 2, 0, 2, 2, 1, 2, 2, 1, 2];
    const x = Float64Array.from([...plane, ...plane.map((v) => -v)]);
    const { y, argmax } = forward(x, g);
    const expectedY = new Float64Array(y.length);
    const expectedArgmax = new Int32Array(y.length);
    referenceMaxPool2dForward(x, expectedY, expectedArgmax, g);
    expect([...y]).toEqual([...expectedY]);
    expect([...argmax]).toEqual([...expectedArgmax]);
    // The first window (rows and columns −1..1) holds 2 at (0, 0) and at (1, 1): the first one wins.
    expect(argmax[0]).toBe(0);
  });

  it('propagates NaN (the last NaN of a window wins, as in PyTorch) and never picks padding', () => {
    // Windows over columns [-1, 1], [0, 2], [1, 3] of rows [NaN 1 NaN], [-5 -6 -7].
    const g = resolvePool2dGeometry([1, 1, 2, 3], [2, 3], { padding: [0, 0, 1, 1], stride: [2, 1] });
    const { y, argmax } = forward(Float64Array.from([Number.NaN, 1, Number.NaN, -5, -6, -7]), g);
    expect([...y]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect([...argmax]).toEqual([0, 2, 2]);
    const allNegInf = forward(new Float64Array(6).fill(Number.NEGATIVE_INFINITY), g);
    expect([...allNegInf.y]).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect([...allNegInf.argmax]).toEqual([0, 0, 1]);
  });

  it('backward is the gradient of Σ maxPool(x)·r (central differences, float64)', () => {
    // Piecewise linear: with h far below the gap between distinct random inputs (~1e-3 at worst
    // for these sizes) the argmax does not move, and the difference quotient is exact up to rounding.
    const h = 1e-7;
    for (const c of randomPool2dCases(707, 12)) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float64', inputSize(g));
      const r = randomFloats(rng, 'float64', outputSize(g));
      const loss = () => forward(x, g).y.reduce((s, v, i) => s + v * r[i], 0);
      const dx = new Float64Array(x.length);
      maxPool2dBackward(r, forward(x, g).argmax, dx, g);
      for (let i = 0; i < x.length; i++) {
        const saved = x[i];
        x[i] = saved + h;
        const up = loss();
        x[i] = saved - h;
        const down = loss();
        x[i] = saved;
        expect((up - down) / (2 * h), `${JSON.stringify(c)} index ${i}`).toBeCloseTo(dx[i], 6);
      }
    }
  });
});
