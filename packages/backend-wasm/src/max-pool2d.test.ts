import type { Pool2dGeometry } from '@scratchnet/tensor';
import { createRng } from '@scratchnet/tensor';
import { randomFloats, randomPool2dCases, referenceMaxPool2dForward } from '@scratchnet/tensor/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { maxPool2dForward, maxPoolChunk } from './max-pool2d';
import type { MaxPoolPlan } from './planner';

const rng = createRng(17);
const inputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.inHeight * g.inWidth;
const outputSize = (g: Pool2dGeometry) => g.batch * g.channels * g.outHeight * g.outWidth;

function forward(x: Float64Array | Float32Array, g: Pool2dGeometry, plan: MaxPoolPlan) {
  const y = new Float64Array(outputSize(g));
  const argmax = new Int32Array(y.length);
  maxPool2dForward(x, y, argmax, g, plan);
  return { y, argmax };
}

describe('wasm maxPool2dForward', () => {
  afterEach(() => {
    maxPoolChunk.bytes = 1 << 24;
  });

  // Plane pairs go through the SIMD kernel, an odd last plane through the scalar loop: both must
  // give the scalar loop's values and indices on ties, NaN (the last one wins), −∞ and padding.
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: the SIMD kernel gives the scalar kernel's maxima and argmax, in any number of calls`, () => {
      const values = [-1, 0, 2, 2, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (const [i, c] of randomPool2dCases(707, 40).entries()) {
        const g = c.geometry;
        const x = randomFloats(rng, dtype, inputSize(g)).map(() => values[rng.int(values.length)]);
        maxPoolChunk.bytes = i % 2 === 0 ? 1 : 1 << 24;
        const simd = forward(x, g, { algorithm: 'simd-plane-pairs' });
        const scalar = forward(x, g, { algorithm: 'js' });
        expect(Array.from(simd.y), JSON.stringify(c)).toEqual(Array.from(scalar.y));
        expect(Array.from(simd.argmax), JSON.stringify(c)).toEqual(Array.from(scalar.argmax));
        const reference = { y: new Float64Array(simd.y.length), argmax: new Int32Array(simd.y.length) };
        referenceMaxPool2dForward(x, reference.y, reference.argmax, g);
        expect(Array.from(simd.y), JSON.stringify(c)).toEqual(Array.from(reference.y));
        expect(Array.from(simd.argmax), JSON.stringify(c)).toEqual(Array.from(reference.argmax));
      }
    });
  }
});
