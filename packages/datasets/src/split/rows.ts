import { sizeOf, Tensor } from '@scratchnet/tensor';

type TypedRows = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
/** A field of a data set that has one row per sample: a tensor (rows along its first axis) or a typed array. */
export type Rows = Tensor | TypedRows;

export const isRows = (value: unknown): value is Rows =>
  value instanceof Tensor || (ArrayBuffer.isView(value) && !(value instanceof DataView));

export const rowCount = (value: Rows): number => (value instanceof Tensor ? value.shape[0] : value.length);

/**
 * The tensor and typed-array fields of `data` and their common number of rows; throws (as `op`) when
 * there is none or they disagree.
 */
export function rowFields(
  op: string,
  verb: string,
  data: object,
): { entries: [string, unknown][]; rows: number } {
  const entries = Object.entries(data ?? {});
  const fields = entries.filter((entry): entry is [string, Rows] => isRows(entry[1]));
  if (fields.length === 0) throw new Error(`${op}: data holds no tensor or typed array to ${verb}`);
  const n = rowCount(fields[0][1]);
  if (fields.some(([, v]) => rowCount(v) !== n)) {
    const counts = fields.map(([k, v]) => `${k}: ${rowCount(v)}`);
    throw new Error(`${op}: fields disagree on the number of rows (${counts.join(', ')})`);
  }
  return { entries, rows: n };
}

/** Elements per row of a tensor (1 for a typed array). */
export const rowSize = (value: Rows): number => (value instanceof Tensor ? sizeOf(value.shape.slice(1)) : 1);
