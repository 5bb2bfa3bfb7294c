import { MAX_TENSOR_ELEMENTS, MAX_TENSOR_ELEMENTS_TEXT } from './element-limit';

export type Shape = readonly number[];

/** "[2, 3, 4]"; past 12 dimensions the first 10, the last and the rank, so a message stays short. */
export function formatShape(shape: readonly number[]): string {
  if (shape.length <= 12) return `[${shape.join(', ')}]`;
  return `[${shape.slice(0, 10).join(', ')}, …, ${shape[shape.length - 1]}] (rank ${shape.length})`;
}

/**
 * Throws unless every dimension is a non-negative integer and the element count is within
 * MAX_TENSOR_ELEMENTS (see element-limit.ts); returns the element count. `what` names the tensor
 * in the message ("running_mean of shape [2147483648] has …"); without it the message says "shape".
 */
export function validateShape(op: string, shape: unknown, what?: string): number {
  if (!Array.isArray(shape)) throw new Error(`${op}: shape must be an array of sizes, got ${String(shape)}`);
  let size = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 0) {
      throw new Error(
        `${op}: shape ${formatShape(shape)} has an invalid size ${String(dim)} (sizes are integers >= 0)`,
      );
    }
    size *= dim;
  }
  // An empty dimension empties the tensor, however large the others (Infinity · 0 would be NaN).
  if (shape.includes(0)) return 0;
  if (size > MAX_TENSOR_ELEMENTS) {
    const subject = what === undefined ? 'shape' : `${what} of shape`;
    const count = Number.isSafeInteger(size) ? String(size) : 'over 2^53';
    throw new Error(
      `${op}: ${subject} ${formatShape(shape)} has ${count} elements, more than the ${MAX_TENSOR_ELEMENTS_TEXT} a tensor may hold`,
    );
  }
  return size;
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** Row-major strides in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i];
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Resolves a possibly negative axis against a rank, or throws naming the op. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}
