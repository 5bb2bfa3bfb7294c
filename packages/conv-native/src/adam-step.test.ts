/**
 * The native `adamStep` against the js one (bit-identical: both round every operation to the
 * arrays' dtype, in the contract's order) and against the PyTorch traces the optimizers package was
 * validated on.
 */
import { readFileSync } from 'node:fs';
import {
  createRng,
  type DType,
  getBackend,
  jsBackend,
  type KernelBackend,
  setBackend,
} from '@scratchnet/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable, nativeLoadErrors } from './index';

type AdamStep = NonNullable<KernelBackend['adamStep']>;
type AdamStepArgs = Parameters<AdamStep>[5];
type Arrays = [Float32Array | Float64Array, Float32Array | Float64Array, ...(Float32Array | Float64Array)[]];

let native: AdamStep;
beforeAll(() => {
  expect(nativeAvailable(), `the native binary must be built: ${nativeLoadErrors().join('; ')}`).toBe(true);
  setBackend('native');
  native = getBackend().adamStep as AdamStep;
});

const allocate = (dtype: DType, n: number) =>
  dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);

/** param, grad, expAvg, expAvgSq, maxExpAvgSq: random values with zeros, -0, denormals, huge and non-finite ones mixed in. */
function randomArrays(dtype: DType, n: number, seed: number): Arrays {
  const rng = createRng(seed);
  const specials = [0, -0, 1e-40, -3e-39, 1e30, -1e30, Number.NaN, Number.POSITIVE_INFINITY];
  const arrays = Array.from({ length: 5 }, () => allocate(dtype, n)) as Arrays;
  arrays.forEach((a, k) => {
    for (let i = 0; i < n; i++) {
      const special = k <= 1 && i % 37 === 5 ? specials[(i >> 3) % specials.length] : undefined;
      const value = special ?? (rng.next() - 0.5) * 4;
      a[i] = k >= 3 ? Math.abs(value) : value; // the second moments are never negative
    }
  });
  return arrays;
}

const copy = (arrays: Arrays) => arrays.map((a) => a.slice()) as Arrays;

function run(kernel: AdamStep, [param, grad, m, v, vMax]: Arrays, options: Omit<AdamStepArgs, 'step'>): void {
  for (let step = 1; step <= 4; step++) {
    kernel(param, grad, m, v, options.amsgrad ? vMax : null, { ...options, step });
    grad.reverse(); // a different gradient every step
  }
}

const FLAG_SETS = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({
  decoupledWeightDecay: (bits & 1) !== 0,
  amsgrad: (bits & 2) !== 0,
  maximize: (bits & 4) !== 0,
}));

describe('native adamStep is bit-identical to js', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const flags of FLAG_SETS) {
      // betas 0.3 take lerp's other branch (weight 1 - beta1 >= 0.5).
      for (const [beta1, beta2, weightDecay] of [
        [0.9, 0.999, 0],
        [0.3, 0.6, 0.1],
      ]) {
        it(`${dtype} ${JSON.stringify(flags)} beta1 ${beta1} weightDecay ${weightDecay}`, () => {
          const options = { lr: 0.01, beta1, beta2, eps: 1e-8, weightDecay, ...flags };
          // Not a multiple of any vector width: the vector loop's remainder is covered too.
          const js = randomArrays(dtype, 1003, 7);
          const ours = copy(js);
          run(jsBackend.adamStep, js, options);
          run(native, ours, options);
          ['param', 'grad', 'expAvg', 'expAvgSq', 'maxExpAvgSq'].forEach((name, k) => {
            // Same bytes: NaN payloads and the sign of zero included.
            // Equal values including the sign of zero; a NaN equals any NaN (its sign and payload
            // depend on how each engine negates and compares, not on the arithmetic).
            const differs = ours[k].findIndex((x, j) => !Object.is(x, js[k][j]));
            expect(differs, `${name}[${differs}]: native ${ours[k][differs]}, js ${js[k][differs]}`).toBe(-1);
          });
          expect(Number.isNaN(js[0][5]) || js[0][5] !== 0, 'the specials reached the parameter').toBe(true);
        });
      }
    }
  }
});

it('splits a long parameter over the pool without changing a bit', () => {
  // Longer than two of the native kernel's pool tasks (2^17 elements each), with amsgrad and AdamW.
  const options = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };
  const flags = { decoupledWeightDecay: true, amsgrad: true, maximize: false };
  const js = randomArrays('float32', (2 << 17) + 5, 11);
  const ours = copy(js);
  run(jsBackend.adamStep, js, { ...options, ...flags });
  run(native, ours, { ...options, ...flags });
  ours.forEach((a, k) => {
    expect(a.findIndex((x, j) => !Object.is(x, js[k][j]))).toBe(-1);
  });
});

interface TraceCase {
  optimizer: string;
  options: {
    lr?: number;
    betas?: [number, number];
    eps?: number;
    weightDecay?: number;
    amsgrad?: boolean;
    maximize?: boolean;
  };
  trace: Record<DType, number[][][]>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../optimizers/fixtures/optimizers.json', import.meta.url), 'utf8'),
) as {
  shapes: number[][];
  init: Record<DType, number[][]>;
  grads: Record<DType, number[][][]>;
  optimizers: TraceCase[];
};

// The tolerances of optimizers/src/pytorch-traces.test.ts, which explains them: float32 differs from
// torch only where torch fuses a multiply-add, float64 by a few ulps.
const tolerance = { float64: 1e-12, float32: 1e-6 };

describe('native adamStep follows the PyTorch traces', () => {
  for (const c of fixture.optimizers.filter((t) => t.optimizer.startsWith('Adam'))) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${c.optimizer} ${JSON.stringify(c.options)} (${dtype})`, () => {
        const decoupled = c.optimizer === 'AdamW';
        const o = c.options;
        const [beta1, beta2] = o.betas ?? [0.9, 0.999];
        const options = {
          lr: o.lr ?? 1e-3,
          beta1,
          beta2,
          eps: o.eps ?? 1e-8,
          weightDecay: o.weightDecay ?? (decoupled ? 1e-2 : 0),
          decoupledWeightDecay: decoupled,
          amsgrad: o.amsgrad ?? false,
          maximize: o.maximize ?? false,
        };
        const params = fixture.init[dtype].map((values) => {
          const p = allocate(dtype, values.length);
          p.set(values);
          return [p, ...Array.from({ length: 4 }, () => allocate(dtype, values.length))] as Arrays;
        });
        c.trace[dtype].forEach((expected, step) => {
          params.forEach(([param, grad, m, v, vMax], i) => {
            grad.set(fixture.grads[dtype][step][i]);
            native(param, grad, m, v, options.amsgrad ? vMax : null, { ...options, step: step + 1 });
            const scale = Math.max(...expected[i].map(Math.abs));
            const worst = Math.max(...expected[i].map((e, j) => Math.abs(param[j] - e)));
            expect(worst / scale, `step ${step + 1}, parameter ${i}`).toBeLessThanOrEqual(tolerance[dtype]);
          });
        });
      });
    }
  }
});

describe('adamStep rejects bad arguments with the kernel, the argument and the sizes', () => {
  const args: AdamStepArgs = {
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupledWeightDecay: false,
    amsgrad: false,
    maximize: false,
    step: 1,
  };
  const f32 = (n: number) => new Float32Array(n);
  const shared = f32(12);
  const cases: [string, () => void, RegExp][] = [
    [
      'short grad',
      () => native(f32(6), f32(5), f32(6), f32(6), null, args),
      /^adamStep: grad has 5 elements, param has 6$/,
    ],
    [
      'long expAvgSq',
      () => native(f32(6), f32(6), f32(6), f32(7), null, args),
      /^adamStep: expAvgSq has 7 elements, param has 6$/,
    ],
    [
      'float64 grad with a float32 param',
      () => native(f32(3), new Float64Array(3), f32(3), f32(3), null, args),
      /^adamStep: grad must be a Float32Array, got a Float64Array$/,
    ],
    [
      'Int32Array param',
      () => native(new Int32Array(3) as unknown as Float32Array, f32(3), f32(3), f32(3), null, args),
      /^adamStep: param must be a Float32Array or a Float64Array, got an Int32Array$/,
    ],
    [
      'amsgrad without maxExpAvgSq',
      () => native(f32(3), f32(3), f32(3), f32(3), null, { ...args, amsgrad: true }),
      /^adamStep: maxExpAvgSq is required when amsgrad is set, got null$/,
    ],
    [
      'expAvg overlapping param',
      () => native(shared.subarray(0, 6), f32(6), shared.subarray(5, 11), f32(6), null, args),
      /^adamStep: param shares memory with expAvg; pass separate buffers$/,
    ],
    [
      'NaN lr',
      () => native(f32(3), f32(3), f32(3), f32(3), null, { ...args, lr: Number.NaN }),
      /^adamStep: lr must be a finite number, got NaN$/,
    ],
    [
      'beta2 of 1',
      () => native(f32(3), f32(3), f32(3), f32(3), null, { ...args, beta2: 1 }),
      /^adamStep: beta2 must be in \[0, 1\), got 1$/,
    ],
    [
      'step 0',
      () => native(f32(3), f32(3), f32(3), f32(3), null, { ...args, step: 0 }),
      /^adamStep: step must be an integer >= 1 .*got 0$/,
    ],
  ];
  for (const [name, call, message] of cases) {
    it(`${name} (native and js say the same)`, () => {
      expect(call).toThrow(message);
      const saved = native;
      native = jsBackend.adamStep;
      try {
        expect(call).toThrow(message);
      } finally {
        native = saved;
      }
    });
  }
});
