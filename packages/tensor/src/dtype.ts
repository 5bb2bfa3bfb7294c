import { formatValue } from './format-value';
import { validateShape } from './shape';

export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'float64';
}

export function assertDType(op: string, value: unknown): DType {
  if (!isDType(value)) {
    throw new Error(`${op}: dtype must be 'float32' or 'float64', got ${formatValue(value)}`);
  }
  return value;
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** A zeroed array of `length` elements; past MAX_TENSOR_ELEMENTS (or not a count) it throws instead. */
export function allocate(dtype: DType, length: number): FloatArray {
  validateShape('allocate', [length], `a ${dtype} array`);
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * A zeroed array for a tensor of `shape`, made by `op`: a shape past MAX_TENSOR_ELEMENTS throws
 * naming the op, `what` the array is and its shape, before any memory is taken.
 */
export function allocateFor(op: string, dtype: DType, shape: readonly number[], what = 'output'): FloatArray {
  return allocate(dtype, validateShape(op, shape, what));
}
