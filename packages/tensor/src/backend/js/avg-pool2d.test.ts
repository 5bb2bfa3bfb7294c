import { describe, expect, it } from 'vitest';
import type { Pool2dGeometry } from '../../backend/types';
import type { DType } from '../../dtype';
import { resolvePool2dGeometry } from '../../pool-geometry';
import { createRng } from '../../rng';
import { randomPool2dCases } from '../../testing/random-cases';
import {
  maxRelativeError,
  randomFloats,
  referenceAvgPool2dBackward,
  referenceAvgPool2dForward,
} from '../../testing/reference-kernels';
import { avgPool2dBackward, avgPool2dForward } from './avg-pool2d';

const rng = createRng(19);
const inputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.inHeight * g.inWidth;
const outputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.outHeight * g.outWidth;
// Sums of at most 16 terms then one division: float64 within a few ulps; float32 output rounding
// after a double-precision sum adds one 2⁻²⁴ ≈ 6e-8 rounding (backward: a few adds into dx).
const TOLERANCE: Record<DType, number> = { float64: 1e-14, float32: 1e-6 };

describe('js avgPool2d', () => {
  it('divides by the whole window with countIncludePad and by the in-bounds count without', () => {
    const g = resolvePool2dGeometry([1, 1, 2, 2], 2, { padding: 1, stride: 2 });
    const x = Float64Array.from([1, 2, 3, 4]);
    const y = new Float64Array(4);
    avgPool2dForward(x, y, g, true);
    expect([...y]).toEqual([0.25, 0.5, 0.75, 1]);
    avgPool2dForward(x, y, g, false);
    expect([...y]).toEqual([1, 2, 3, 4]);
  });

  for (const dtype of ['float64', 'float32'] as const) {
    for (const countIncludePad of [true, false]) {
      it(`${dtype} countIncludePad=${countIncludePad}: forward and backward match the reference`, () => {
        for (const c of randomPool2dCases(808, 50)) {
          const g = c.geometry;
          const x = randomFloats(rng, dtype, inputSize(g));
          const y = randomFloats(rng, dtype, outputSize(g));
          const expectedY = new Float64Array(y.length);
          avgPool2dForward(x, y, g, countIncludePad);
          referenceAvgPool2dForward(Float64Array.from(x), expectedY, g, countIncludePad);
          expect(maxRelativeError(y, expectedY), JSON.stringify(c)).toBeLessThan(TOLERANCE[dtype]);
          const dy = randomFloats(rng, dtype, y.length);
          const dx = randomFloats(rng, dtype, x.length);
          const expectedDx = new Float64Array(x.length);
          avgPool2dBackward(dy, dx, g, countIncludePad);
          referenceAvgPool2dBackward(Float64Array.from(dy), expectedDx, g, countIncludePad);
          expect(maxRelativeError(dx, expectedDx), JSON.stringify(c)).toBeLessThan(TOLERANCE[dtype]);
        }
      });
    }
  }

  it('backward is the gradient of Σ avgPool(x)·r (central differences, float64)', () => {
    // Linear in x: central differences are exact up to rounding (~1e-16·|loss| / h ≈ 1e-13).
    const h = 1e-3;
    for (const [i, c] of randomPool2dCases(909, 12).entries()) {
      const g = c.geometry;
      const countIncludePad = i % 2 === 0;
      const x = randomFloats(rng, 'float64', inputSize(g));
      const r = randomFloats(rng, 'float64', outputSize(g));
      const y = new Float64Array(r.length);
      const loss = () => {
        avgPool2dForward(x, y, g, countIncludePad);
        return y.reduce((s, v, j) => s + v * r[j], 0);
      };
      const dx = new Float64Array(x.length);
      avgPool2dBackward(r, dx, g, countIncludePad);
      for (let j = 0; j < x.length; j++) {
        const saved = x[j];
        x[j] = saved + h;
        const up = loss();
        x[j] = saved - h;
        const down = loss();
        x[j] = saved;
        expect((up - down) / (2 * h), `${JSON.stringify(c)} index ${j}`).toBeCloseTo(dx[j], 9);
      }
    }
  });
});
