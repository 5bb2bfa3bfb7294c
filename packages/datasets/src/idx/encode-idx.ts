import { formatValue } from '@scratchnet/tensor';
import { type IdxData, type IdxDType, idxTypeByName, idxTypeOfArray } from './idx-dtype';

export interface EncodeIdxInput {
  /** Element type; inferred from the class of `data` when it is a typed array. */
  dtype?: IdxDType;
  dims: readonly number[];
  data: IdxData | ArrayLike<number>;
}

const INTEGER_RANGE: Partial<Record<IdxDType, readonly [number, number]>> = {
  ubyte: [0, 255],
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/** Writes an IDX file (magic, big-endian dims, big-endian data): the inverse of `parseIdx`. */
export function encodeIdx(input: EncodeIdxInput): Uint8Array {
  const { dims, data } = input;
  const inferred = idxTypeOfArray(data);
  const dtype = input.dtype ?? inferred?.dtype;
  const type = dtype === undefined ? undefined : idxTypeByName(dtype);
  if (!type) {
    throw new Error(
      `encodeIdx: dtype must be one of ubyte, byte, short, int, float, double (or data a matching typed array), got ${formatValue(dtype)}`,
    );
  }
  if (!Array.isArray(dims) || dims.length < 1 || dims.length > 255) {
    throw new Error(`encodeIdx: dims must list 1 to 255 sizes, got ${JSON.stringify(dims)}`);
  }
  let length = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new Error(
        `encodeIdx: dims [${dims.join(', ')}] hold ${formatValue(d)}, not an integer in [0, 2^32)`,
      );
    }
    length *= d;
  }
  if (length !== data.length) {
    throw new Error(`encodeIdx: dims [${dims.join(', ')}] need ${length} values, data has ${data.length}`);
  }
  const range = inferred === type ? undefined : INTEGER_RANGE[type.dtype];
  const headerBytes = 4 + 4 * dims.length;
  const out = new Uint8Array(headerBytes + length * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = type.code;
  out[3] = dims.length;
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  for (let i = 0; i < length; i++) {
    const value = data[i];
    if (range && !(Number.isInteger(value) && value >= range[0] && value <= range[1])) {
      throw new Error(
        `encodeIdx: value ${value} at index ${i} is not a ${type.dtype} (integer in [${range.join(', ')}])`,
      );
    }
    type.write(view, headerBytes + i * type.bytes, value);
  }
  return out;
}
