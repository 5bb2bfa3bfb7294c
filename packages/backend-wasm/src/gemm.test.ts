import type { DType } from '@scratchnet/tensor';
import { createRng } from '@scratchnet/tensor';
import { maxRelativeError, randomFloats, referenceMatmul } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { gatherGemm, matmul } from './gemm';
import { wasmKernels } from './wasm/wasm-kernels';

const rng = createRng(20261122);
/** This thread's SIMD kernels (Node has WebAssembly SIMD); null runs the scalar micro-kernel. */
const simd = wasmKernels();

// float64: the blocked sum only reorders additions of k ≤ 2100 terms of magnitude ≤ 1, so the
// error stays within k·2⁻⁵³ ≈ 2e-13 of the result's scale. float32: inputs are exact in both,
// the micro-kernel accumulates in double, and C is rounded to float32 once per 256-deep block
// (2⁻²⁴ ≈ 6e-8 each), so 1e-6 of the scale is a safe margin for k ≤ 300.
const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-6 };

function check(
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  dtype: DType,
) {
  const a = randomFloats(rng, dtype, m * k);
  const b = randomFloats(rng, dtype, k * n);
  const c = randomFloats(rng, dtype, m * n);
  const expected = Float64Array.from(c);
  const args = { m, n, k, transA, transB, accumulate };
  referenceMatmul(Float64Array.from(a), Float64Array.from(b), expected, args);
  matmul(a, b, c, args, simd);
  expect(maxRelativeError(c, expected), JSON.stringify({ ...args, dtype })).toBeLessThan(TOLERANCE[dtype]);
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 5],
  [7, 1, 9],
  [7, 7, 7],
  [65, 33, 17],
  [130, 65, 7],
  [33, 130, 300], // k beyond one 256-deep panel
  [130, 129, 131], // m beyond one 128-row block, ragged micro-tiles everywhere
];

describe('wasm matmul', () => {
  // The SIMD block kernel sums each element in the scalar micro-kernel's order: the same bits.
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: the SIMD and scalar packed GEMMs agree bit for bit (ragged tiles, several panels and blocks)`, () => {
      for (const [m, n, k] of [...SIZES, [9, 2053, 3] as [number, number, number]]) {
        for (const [transA, transB] of [
          [false, false],
          [true, true],
        ] as const) {
          const a = randomFloats(rng, dtype, m * k);
          const b = randomFloats(rng, dtype, k * n);
          const c = randomFloats(rng, dtype, m * n);
          const args = { m, n, k, transA, transB, accumulate: true };
          const scalar = c.slice();
          matmul(a, b, c, args, simd);
          matmul(a, b, scalar, args, null);
          expect(Array.from(c), JSON.stringify(args)).toEqual(Array.from(scalar));
        }
      }
    });
  }

  // gatherGemm (convolutions with strides or dilations along the width) gathers B into the packed
  // layout for the SIMD kernel: every row and column table, any m, n and k, the scalar bits.
  for (const dtype of ['float64', 'float32'] as const) {
    it(`${dtype}: gatherGemm gives the scalar kernel's bits through the SIMD path`, () => {
      for (const [m, n, k] of [
        [1, 5, 3],
        [7, 33, 40],
        [130, 70, 600],
        [5, 2053, 9],
      ]) {
        const a = randomFloats(rng, dtype, m * k);
        const x = Float64Array.from(randomFloats(rng, 'float64', 5000));
        const rowAt = Int32Array.from({ length: k }, () => rng.int(2500));
        const colAt = Int32Array.from({ length: Math.ceil(n / 8) * 8 }, () => rng.int(2500));
        const c = randomFloats(rng, dtype, m * (n + 3));
        const scalar = c.slice();
        gatherGemm(m, n, k, a, 0, x, rowAt, colAt, c, 2, n + 3, simd);
        gatherGemm(m, n, k, a, 0, x, rowAt, colAt, scalar, 2, n + 3, null);
        expect(Array.from(c), `m=${m} n=${n} k=${k}`).toEqual(Array.from(scalar));
      }
    });
  }

  for (const dtype of ['float64', 'float32'] as const) {
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${dtype} transA=${transA} transB=${transB} matches the reference on odd sizes, with and without accumulate`, () => {
        for (const [m, n, k] of SIZES) {
          check(m, n, k, transA, transB, false, dtype);
          check(m, n, k, transA, transB, true, dtype);
        }
      });
    }
  }

  it('handles n beyond one 2048-column panel', () => {
    check(9, 2053, 3, false, true, false, 'float64');
  });

  it('overwrites stale or NaN contents of C unless accumulating', () => {
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([5, 6, 7, 8]);
    const c = new Float64Array(4).fill(Number.NaN);
    matmul(a, b, c, { m: 2, n: 2, k: 2, transA: false, transB: false, accumulate: false }, simd);
    expect([...c]).toEqual([19, 22, 43, 50]);
    matmul(a, b, c, { m: 2, n: 2, k: 2, transA: false, transB: false, accumulate: true }, simd);
    expect([...c]).toEqual([38, 44, 86, 100]);
  });

  it('k = 0 gives zeros (or leaves C when accumulating)', () => {
    const c = Float32Array.from([1, 2, 3]);
    matmul(
      new Float32Array(0),
      new Float32Array(0),
      c,
      {
        m: 3,
        n: 1,
        k: 0,
        transA: false,
        transB: false,
        accumulate: true,
      },
      simd,
    );
    expect([...c]).toEqual([1, 2, 3]);
    matmul(
      new Float32Array(0),
      new Float32Array(0),
      c,
      {
        m: 3,
        n: 1,
        k: 0,
        transA: false,
        transB: false,
        accumulate: false,
      },
      simd,
    );
    expect([...c]).toEqual([0, 0, 0]);
  });

  it('rejects arrays shorter than the sizes say', () => {
    expect(() =>
      matmul(
        new Float64Array(5),
        new Float64Array(6),
        new Float64Array(4),
        {
          m: 2,
          n: 2,
          k: 3,
          transA: false,
          transB: false,
          accumulate: false,
        },
        simd,
      ),
    ).toThrow(
      'matmul: arrays too short for m=2, n=2, k=3 (A has 5, needs 6; B has 6, needs 6; C has 4, needs 4)',
    );
  });
});
