import { describe, expect, it } from 'vitest';
import type { Conv2dGeometry } from '../../backend/types';
import { createRng } from '../../rng';
import { randomConv2dCases } from '../../testing/random-cases';
import {
  CONV_TOLERANCE,
  maxRelativeError,
  randomFloats,
  referenceConv2dBackwardWeight,
} from '../../testing/reference-kernels';
import { conv2dBackwardWeight } from './conv2d-backward-weight';
import { conv2dForward } from './conv2d-forward';

const rng = createRng(13);
const inputSize = (g: Conv2dGeometry) => g.batch * g.inChannels * g.inHeight * g.inWidth;
const outputSize = (g: Conv2dGeometry) => g.batch * g.outChannels * g.outHeight * g.outWidth;
const weightSize = (g: Conv2dGeometry) =>
  g.outChannels * (g.inChannels / g.groups) * g.kernelHeight * g.kernelWidth;

describe('js conv2dBackwardWeight', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: matches the reference (weight and bias) on random geometries of every kind`, () => {
      for (const [i, c] of randomConv2dCases(404, 54).entries()) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, inputSize(g));
        const dy = randomFloats(rng, dtype, outputSize(g));
        // Stale contents must be overwritten; every other case leaves the bias out.
        const dw = randomFloats(rng, dtype, weightSize(g));
        const db = i % 2 === 0 ? randomFloats(rng, dtype, g.outChannels) : null;
        const expectedW = new Float64Array(dw.length);
        const expectedB = new Float64Array(g.outChannels);
        conv2dBackwardWeight(x, dy, dw, db, g);
        referenceConv2dBackwardWeight(Float64Array.from(x), Float64Array.from(dy), expectedW, expectedB, g);
        const label = `${c.kind} ${JSON.stringify(c)}`;
        expect(maxRelativeError(dw, expectedW), label).toBeLessThan(CONV_TOLERANCE[dtype]);
        if (db) expect(maxRelativeError(db, expectedB), label).toBeLessThan(CONV_TOLERANCE[dtype]);
      }
    });
  }

  it('is the gradient of Σ (conv(x, w) + b)·r with respect to w and b (central differences, float64)', () => {
    // The loss is linear in w and b, so central differences are exact up to rounding (~1e-12 here).
    const h = 1e-3;
    for (const c of randomConv2dCases(505, 18)) {
      const g = c.geometry;
      const x = randomFloats(rng, 'float64', inputSize(g));
      const w = randomFloats(rng, 'float64', weightSize(g));
      const b = randomFloats(rng, 'float64', g.outChannels);
      const r = randomFloats(rng, 'float64', outputSize(g));
      const y = new Float64Array(outputSize(g));
      const loss = () => {
        conv2dForward(x, w, b, y, g);
        return y.reduce((s, v, i) => s + v * r[i], 0);
      };
      const dw = new Float64Array(w.length);
      const db = new Float64Array(b.length);
      conv2dBackwardWeight(x, r, dw, db, g);
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
});
