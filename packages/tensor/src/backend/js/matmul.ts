import type { FloatArray } from '../../dtype';
import type { MatmulArgs } from '../types';

/**
 * C (m×n) = op(A)·op(B), or C += op(A)·op(B) when `accumulate`: each C[i][j] is the dot product of
 * row i of op(A) with column j of op(B), summed in float64 and rounded once into C. Both operands
 * are first laid out so that those rows and columns are contiguous (A as m×k, B as n×k).
 */
export function matmul(a: FloatArray, b: FloatArray, c: FloatArray, args: MatmulArgs): void {
  const { m, n, k, transA, transB, accumulate } = args;
  if (a.length < m * k || b.length < k * n || c.length < m * n) {
    throw new Error(
      `matmul: arrays too short for m=${m}, n=${n}, k=${k} (A has ${a.length}, needs ${m * k}; B has ${b.length}, needs ${k * n}; C has ${c.length}, needs ${m * n})`,
    );
  }
  const rowsOfA = transA ? transpose(a, k, m) : a;
  const columnsOfB = transB ? b : transpose(b, k, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? c[i * n + j] : 0;
      for (let p = 0; p < k; p++) sum += rowsOfA[i * k + p] * columnsOfB[j * k + p];
      c[i * n + j] = sum;
    }
  }
}

/** The transpose (cols×rows) of a row-major rows×cols matrix, as float64. */
export function transpose(x: FloatArray, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  }
  return out;
}
