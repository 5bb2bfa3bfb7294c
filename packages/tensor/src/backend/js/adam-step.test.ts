import { describe, expect, it } from 'vitest';
import type { FloatArray } from '../../dtype';
import { createRng } from '../../rng';
import type { AdamStepArgs } from '../types';
import { adamStep } from './adam-step';

/**
 * The rule as PyTorch's single-tensor Adam reads, one element and one operation at a time with no
 * hoisting, every scalar and every result rounded to the arrays' dtype (Math.fround for float32):
 * the kernel must match it bit for bit.
 */
function referenceStep(
  p: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray,
  a: AdamStepArgs,
) {
  const r = p instanceof Float32Array ? Math.fround : (x: number) => x;
  const lerp = (start: number, end: number, w: number) =>
    Math.abs(w) < 0.5 ? r(start + r(w * r(end - start))) : r(end - r(r(end - start) * r(1 - w)));
  const stepSize = r(a.lr / (1 - a.beta1 ** a.step));
  const bias2Sqrt = r((1 - a.beta2 ** a.step) ** 0.5);
  const top = a.amsgrad ? vMax : v;
  for (let j = 0; j < p.length; j++) {
    if (a.decoupledWeightDecay && a.weightDecay !== 0) p[j] = r(p[j] * r(1 - a.lr * a.weightDecay));
    let g = a.maximize ? -grad[j] : grad[j];
    if (!a.decoupledWeightDecay && a.weightDecay !== 0) g = r(g + r(r(a.weightDecay) * p[j]));
    m[j] = lerp(m[j], g, r(1 - a.beta1));
    v[j] = r(r(v[j] * r(a.beta2)) + r(r(r(1 - a.beta2) * g) * g));
    if (a.amsgrad) vMax[j] = Math.max(vMax[j], v[j]);
    const denom = r(r(r(Math.sqrt(top[j])) / bias2Sqrt) + r(a.eps));
    p[j] = r(p[j] + r(-stepSize * r(m[j] / denom)));
  }
}

type Five = [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray];

function randomArrays(make: (n: number) => FloatArray, n: number, seed: number): Five {
  const rng = createRng(seed);
  return Array.from({ length: 5 }, (_, k) => {
    const a = make(n);
    // Moments start non-negative; a few exact zeros and -0 in the parameter and gradient.
    for (let i = 0; i < n; i++) a[i] = k >= 3 ? rng.next() : i % 17 === 3 ? -0 : (rng.next() - 0.5) * 4;
    return a;
  }) as Five;
}

const base = { lr: 0.01, eps: 1e-8, step: 1 };

describe('js adamStep', () => {
  for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
    for (let bits = 0; bits < 16; bits++) {
      const flags = {
        decoupledWeightDecay: (bits & 1) !== 0,
        amsgrad: (bits & 2) !== 0,
        maximize: (bits & 4) !== 0,
        // beta1 0.3 takes lerp's second branch (weight 0.7 >= 0.5)
        ...((bits & 8) !== 0
          ? { beta1: 0.3, beta2: 0.6, weightDecay: 0.1 }
          : { beta1: 0.9, beta2: 0.999, weightDecay: 0 }),
      };
      it(`matches the element-wise rule bit for bit: ${make(0).constructor.name} ${JSON.stringify(flags)}`, () => {
        const ours = randomArrays(make, 200, bits);
        const want = randomArrays(make, 200, bits);
        for (let step = 1; step <= 5; step++) {
          const args = { ...base, ...flags, step };
          adamStep(ours[0], ours[1], ours[2], ours[3], flags.amsgrad ? ours[4] : null, args);
          referenceStep(want[0], want[1], want[2], want[3], want[4], args);
          ours[1].reverse();
          want[1].reverse();
        }
        ours.forEach((a, k) => {
          const differs = a.findIndex((x, j) => !Object.is(x, want[k][j]));
          expect(differs, `array ${k} at ${differs}`).toBe(-1);
        });
        expect(ours[0].some((x, j) => x !== randomArrays(make, 200, bits)[0][j])).toBe(true);
      });
    }
  }

  it('moves each parameter by about lr against its gradient on the first step', () => {
    const p = new Float64Array([1, -2]);
    adamStep(p, new Float64Array([0.3, -4]), new Float64Array(2), new Float64Array(2), null, {
      ...base,
      beta1: 0.9,
      beta2: 0.999,
      weightDecay: 0,
      decoupledWeightDecay: false,
      amsgrad: false,
      maximize: false,
    });
    // float64: the bias-corrected moments are g and g², so the step is lr·g/(|g| + eps) up to a few ulps.
    expect(p[0]).toBeCloseTo(1 - 0.01 * (0.3 / (0.3 + 1e-8)), 14);
    expect(p[1]).toBeCloseTo(-2 + 0.01 * (4 / (4 + 1e-8)), 14);
  });

  it('names the argument that is not a typed array of the right kind', () => {
    const f = (n: number) => new Float32Array(n);
    const args = {
      ...base,
      beta1: 0.9,
      beta2: 0.999,
      weightDecay: 0,
      decoupledWeightDecay: false,
      maximize: false,
    };
    const call =
      (grad: unknown, vMax: unknown, amsgrad = false) =>
      () =>
        adamStep(f(2), grad as FloatArray, f(2), f(2), vMax as FloatArray | null, { ...args, amsgrad });
    expect(call(null, null)).toThrow('adamStep: grad must be a Float32Array, got null');
    expect(call([0, 0], null)).toThrow('adamStep: grad must be a Float32Array, got an Array');
    expect(call(f(2), undefined, true)).toThrow(
      'adamStep: maxExpAvgSq must be a Float32Array, got undefined',
    );
    expect(call(f(2), null, true)).toThrow('adamStep: maxExpAvgSq is required when amsgrad is set, got null');
    expect(() =>
      adamStep(undefined as unknown as FloatArray, f(2), f(2), f(2), null, { ...args, amsgrad: false }),
    ).toThrow('adamStep: param must be a Float32Array or a Float64Array, got undefined');
  });
});
