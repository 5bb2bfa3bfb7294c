/** The six element types of the IDX format (LeCun's MNIST files), keyed by their type byte. */
export type IdxDType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxDTypeInfo {
  readonly dtype: IdxDType;
  readonly code: number;
  readonly bytes: number;
  readonly create: (length: number) => IdxData;
  /** Reads the big-endian element at `offset` of `view`. */
  readonly read: (view: DataView, offset: number) => number;
  /** Writes `value` big-endian at `offset` of `view`. */
  readonly write: (view: DataView, offset: number, value: number) => void;
}

const TYPES: readonly IdxDTypeInfo[] = [
  {
    dtype: 'ubyte',
    code: 0x08,
    bytes: 1,
    create: (n) => new Uint8Array(n),
    read: (v, o) => v.getUint8(o),
    write: (v, o, x) => v.setUint8(o, x),
  },
  {
    dtype: 'byte',
    code: 0x09,
    bytes: 1,
    create: (n) => new Int8Array(n),
    read: (v, o) => v.getInt8(o),
    write: (v, o, x) => v.setInt8(o, x),
  },
  {
    dtype: 'short',
    code: 0x0b,
    bytes: 2,
    create: (n) => new Int16Array(n),
    read: (v, o) => v.getInt16(o),
    write: (v, o, x) => v.setInt16(o, x),
  },
  {
    dtype: 'int',
    code: 0x0c,
    bytes: 4,
    create: (n) => new Int32Array(n),
    read: (v, o) => v.getInt32(o),
    write: (v, o, x) => v.setInt32(o, x),
  },
  {
    dtype: 'float',
    code: 0x0d,
    bytes: 4,
    create: (n) => new Float32Array(n),
    read: (v, o) => v.getFloat32(o),
    write: (v, o, x) => v.setFloat32(o, x),
  },
  {
    dtype: 'double',
    code: 0x0e,
    bytes: 8,
    create: (n) => new Float64Array(n),
    read: (v, o) => v.getFloat64(o),
    write: (v, o, x) => v.setFloat64(o, x),
  },
];

export const IDX_DTYPES: readonly IdxDType[] = TYPES.map((t) => t.dtype);

export function idxTypeByCode(code: number): IdxDTypeInfo | undefined {
  return TYPES.find((t) => t.code === code);
}

export function idxTypeByName(dtype: IdxDType): IdxDTypeInfo | undefined {
  return TYPES.find((t) => t.dtype === dtype);
}

/** The IDX element type matching a typed array's class. */
export function idxTypeOfArray(data: IdxData): IdxDTypeInfo | undefined {
  const name = Object.prototype.toString.call(data);
  return TYPES.find((t) => Object.prototype.toString.call(t.create(0)) === name);
}

export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
