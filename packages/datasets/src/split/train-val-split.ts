import { sizeOf, Tensor } from '@scratchnet/tensor';

type TypedRows = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
type Rows = Tensor | TypedRows;

const isRows = (value: unknown): value is Rows =>
  value instanceof Tensor || (ArrayBuffer.isView(value) && !(value instanceof DataView));

const rowCount = (value: Rows): number => (value instanceof Tensor ? value.shape[0] : value.length);

function sliceRows(value: unknown, start: number, end: number): unknown {
  if (value instanceof Tensor) {
    const rest = value.shape.slice(1);
    return new Tensor(value.data.subarray(start * sizeOf(rest), end * sizeOf(rest)), [end - start, ...rest]);
  }
  return isRows(value) ? (value as TypedRows).subarray(start, end) : value;
}

/**
 * Splits every tensor (along its first axis) and typed array of `data` into a training part and the
 * LAST `valSize` rows for validation — no shuffling, like the lab notebooks, which keep the last 10,000
 * of MNIST's 60,000 training images for validation. Both parts are views sharing memory with `data`;
 * other fields are copied over as they are.
 */
export function trainValSplit<T extends object>(data: T, options: { valSize: number }): { train: T; val: T } {
  const entries = Object.entries(data ?? {});
  const rows = entries.filter((entry): entry is [string, Rows] => isRows(entry[1]));
  if (rows.length === 0) throw new Error('trainValSplit: data holds no tensor or typed array to split');
  const counts = rows.map(([k, v]) => `${k}: ${rowCount(v)}`);
  const n = rowCount(rows[0][1]);
  if (rows.some(([, v]) => rowCount(v) !== n)) {
    throw new Error(`trainValSplit: fields disagree on the number of rows (${counts.join(', ')})`);
  }
  const valSize = options?.valSize;
  if (!Number.isInteger(valSize) || valSize < 0 || valSize > n) {
    throw new Error(`trainValSplit: valSize must be an integer in [0, ${n}], got ${String(valSize)}`);
  }
  const part = (start: number, end: number) =>
    Object.fromEntries(entries.map(([k, v]) => [k, sliceRows(v, start, end)])) as T;
  return { train: part(0, n - valSize), val: part(n - valSize, n) };
}
