/** The six element types of the IDX format (LeCun's MNIST files), keyed by their type byte. */
export type IdxDType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

type IdxArrayClass = { new (length: number): IdxData; readonly BYTES_PER_ELEMENT: number };
type Getter = 'getUint8' | 'getInt8' | 'getInt16' | 'getInt32' | 'getFloat32' | 'getFloat64';
type Setter = 'setUint8' | 'setInt8' | 'setInt16' | 'setInt32' | 'setFloat32' | 'setFloat64';

export interface IdxDTypeInfo {
  readonly dtype: IdxDType;
  readonly code: number;
  /** Bytes per element. */
  readonly bytes: number;
  readonly array: IdxArrayClass;
  /** Reads the big-endian element at `offset` of `view`. */
  readonly read: (view: DataView, offset: number) => number;
  /** Writes `value` big-endian at `offset` of `view`. */
  readonly write: (view: DataView, offset: number, value: number) => void;
}

function idxType(
  dtype: IdxDType,
  code: number,
  array: IdxArrayClass,
  get: Getter,
  set: Setter,
): IdxDTypeInfo {
  return {
    dtype,
    code,
    bytes: array.BYTES_PER_ELEMENT,
    array,
    read: (view, offset) => view[get](offset),
    write: (view, offset, value) => view[set](offset, value),
  };
}

const TYPES: readonly IdxDTypeInfo[] = [
  idxType('ubyte', 0x08, Uint8Array, 'getUint8', 'setUint8'),
  idxType('byte', 0x09, Int8Array, 'getInt8', 'setInt8'),
  idxType('short', 0x0b, Int16Array, 'getInt16', 'setInt16'),
  idxType('int', 0x0c, Int32Array, 'getInt32', 'setInt32'),
  idxType('float', 0x0d, Float32Array, 'getFloat32', 'setFloat32'),
  idxType('double', 0x0e, Float64Array, 'getFloat64', 'setFloat64'),
];

export const IDX_DTYPES: readonly IdxDType[] = TYPES.map((t) => t.dtype);

export function idxTypeByCode(code: number): IdxDTypeInfo | undefined {
  return TYPES.find((t) => t.code === code);
}

export function idxTypeByName(dtype: IdxDType): IdxDTypeInfo | undefined {
  return TYPES.find((t) => t.dtype === dtype);
}

/** The IDX element type matching a typed array's class. */
export function idxTypeOfArray(data: unknown): IdxDTypeInfo | undefined {
  return TYPES.find((t) => data instanceof t.array);
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
