import { Tensor } from '@scratchnet/tensor';
import { isRows, rowFields, rowSize } from './rows';

function sliceRows(value: unknown, start: number, end: number): unknown {
  if (!isRows(value)) return value;
  const size = rowSize(value);
  if (value instanceof Tensor)
    return new Tensor(value.data.subarray(start * size, end * size), [end - start, ...value.shape.slice(1)]);
  return value.subarray(start, end);
}

/**
 * Splits every tensor (along its first axis) and typed array of `data` into a training part and the
 * LAST `valSize` rows for validation — no shuffling, like the lab notebooks, which keep the last 10,000
 * of MNIST's 60,000 training images for validation. Both parts are views sharing memory with `data`;
 * other fields are copied over as they are.
 */
export function trainValSplit<T extends object>(data: T, options: { valSize: number }): { train: T; val: T } {
  const { entries, rows: n } = rowFields('trainValSplit', 'split', data);
  const valSize = options?.valSize;
  if (!Number.isInteger(valSize) || valSize < 0 || valSize > n) {
    throw new Error(`trainValSplit: valSize must be an integer in [0, ${n}], got ${String(valSize)}`);
  }
  const part = (start: number, end: number) =>
    Object.fromEntries(entries.map(([k, v]) => [k, sliceRows(v, start, end)])) as T;
  return { train: part(0, n - valSize), val: part(n - valSize, n) };
}
