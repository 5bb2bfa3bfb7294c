import type { DType } from '@scratchnet/tensor';
import { BF16, F16, fromHalfBits, toHalfBits } from './half-precision';

/** The element types of the safetensors format that scratchnet reads and writes. */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';

/** How one element type sits in the file (little-endian) and which Tensor dtype holds it exactly. */
export interface ElementCodec {
  readonly bytes: number;
  /** float64 for F64, I32 and I64; float32 for the rest (each of their values is a float32). */
  readonly holds: DType;
  read(view: DataView, at: number): number;
  write(view: DataView, at: number, value: number): void;
  /** For the integer types: is `value` one of theirs? (Float types take every number.) */
  readonly accepts?: (value: number) => boolean;
  /** What `accepts` lets through, for error messages. */
  readonly range?: string;
}

function float(
  bytes: number,
  holds: DType,
  read: ElementCodec['read'],
  write: ElementCodec['write'],
): ElementCodec {
  return { bytes, holds, read, write };
}

function integer(
  bytes: number,
  min: number,
  max: number,
  read: ElementCodec['read'],
  write: ElementCodec['write'],
): ElementCodec {
  return {
    bytes,
    holds: bytes >= 4 ? 'float64' : 'float32',
    read,
    write,
    // Beyond 2^53 a number is no longer an exact integer: such an I64 can neither be read nor written.
    accepts: (v) => Number.isSafeInteger(v) && v >= min && v <= max,
    range: bytes === 8 ? 'integers within ±(2^53 - 1)' : `integers in [${min}, ${max}]`,
  };
}

const TWO_32 = 2 ** 32;

export const ELEMENT_CODECS: Record<SafetensorsDType, ElementCodec> = {
  F64: float(
    8,
    'float64',
    (view, at) => view.getFloat64(at, true),
    (view, at, v) => view.setFloat64(at, v, true),
  ),
  F32: float(
    4,
    'float32',
    (view, at) => view.getFloat32(at, true),
    (view, at, v) => view.setFloat32(at, v, true),
  ),
  F16: float(
    2,
    'float32',
    (view, at) => fromHalfBits(view.getUint16(at, true), F16),
    (view, at, v) => view.setUint16(at, toHalfBits(v, F16), true),
  ),
  BF16: float(
    2,
    'float32',
    (view, at) => fromHalfBits(view.getUint16(at, true), BF16),
    (view, at, v) => view.setUint16(at, toHalfBits(v, BF16), true),
  ),
  // Two 32-bit halves: hi·2^32 + lo is exact whenever the value is a safe integer, and unsafe otherwise.
  I64: integer(
    8,
    -Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
    (view, at) => view.getInt32(at + 4, true) * TWO_32 + view.getUint32(at, true),
    (view, at, v) => view.setBigInt64(at, BigInt(v), true),
  ),
  I32: integer(
    4,
    -(2 ** 31),
    2 ** 31 - 1,
    (view, at) => view.getInt32(at, true),
    (view, at, v) => view.setInt32(at, v, true),
  ),
  I16: integer(
    2,
    -(2 ** 15),
    2 ** 15 - 1,
    (view, at) => view.getInt16(at, true),
    (view, at, v) => view.setInt16(at, v, true),
  ),
  I8: integer(
    1,
    -128,
    127,
    (view, at) => view.getInt8(at),
    (view, at, v) => view.setInt8(at, v),
  ),
  U8: integer(
    1,
    0,
    255,
    (view, at) => view.getUint8(at),
    (view, at, v) => view.setUint8(at, v),
  ),
  BOOL: integer(
    1,
    0,
    1,
    (view, at) => view.getUint8(at),
    (view, at, v) => view.setUint8(at, v),
  ),
};

export function isSafetensorsDType(name: unknown): name is SafetensorsDType {
  return typeof name === 'string' && Object.hasOwn(ELEMENT_CODECS, name);
}

/** The storage type of a Tensor dtype when the caller names none. */
export const DEFAULT_STORAGE: Record<DType, SafetensorsDType> = { float32: 'F32', float64: 'F64' };
