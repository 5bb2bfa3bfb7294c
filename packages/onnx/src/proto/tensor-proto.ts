import { type DType, formatShape, Tensor, validateShape } from '@scratchnet/tensor';
import { DataType, type TensorProto } from './onnx-types';

const FLOAT_TYPES: Record<DType, DataType> = { float32: DataType.FLOAT, float64: DataType.DOUBLE };

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian whatever the machine). */
function littleEndianBytes(values: Float32Array | Float64Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  const width = values.BYTES_PER_ELEMENT;
  values.forEach((v: number | bigint, i: number) => {
    if (typeof v === 'bigint') view.setBigInt64(i * width, v, true);
    else if (width === 4) view.setFloat32(i * width, v, true);
    else view.setFloat64(i * width, v, true);
  });
  return bytes;
}

/** A float tensor as an initializer named `name` (raw_data, in the tensor's own dtype). */
export function tensorToProto(name: string, tensor: Tensor): TensorProto {
  return {
    name,
    dims: [...tensor.shape],
    data_type: FLOAT_TYPES[tensor.dtype],
    raw_data: littleEndianBytes(tensor.data),
  };
}

/** Integers (shapes, axes) as an int64 initializer. */
export function int64ToProto(name: string, values: readonly number[], dims = [values.length]): TensorProto {
  return {
    name,
    dims,
    data_type: DataType.INT64,
    raw_data: littleEndianBytes(BigInt64Array.from(values, (v) => BigInt(v))),
  };
}

/** What an ONNX tensor holds once checked: floats as a Tensor, integers as numbers. */
export type TensorValue =
  | { kind: 'float'; tensor: Tensor }
  | { kind: 'int'; dims: number[]; values: number[] };

const ELEMENT_BYTES: Partial<Record<number, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
};

const TYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  8: 'STRING',
  9: 'BOOL',
  10: 'FLOAT16',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BFLOAT16',
};

/** The typed field that holds this data type's values when raw_data is absent. */
function typedField(proto: TensorProto, type: number): ArrayLike<number> | undefined {
  if (type === DataType.FLOAT) return proto.float_data;
  if (type === DataType.DOUBLE) return proto.double_data;
  if (type === DataType.INT64) return proto.int64_data;
  return proto.int32_data;
}

/**
 * Reads an ONNX tensor after checking everything a file could get wrong: the data type, each
 * dimension and the element count (the same limit as every scratchnet tensor), data stored outside
 * the file, and a payload (raw_data or the typed field) that disagrees with the dims.
 */
export function tensorFromProto(proto: TensorProto, where: string): TensorValue {
  const type = proto.data_type ?? 0;
  const width = ELEMENT_BYTES[type];
  if (width === undefined) {
    throw new Error(
      `${where}: data type ${TYPE_NAMES[type] ?? type} is not supported (float32, float64, int32 and int64 are)`,
    );
  }
  if (proto.data_location === 1 || (proto.external_data?.length ?? 0) > 0) {
    throw new Error(`${where}: its data is stored in an external file, which import does not read`);
  }
  if (proto.segment) throw new Error(`${where}: segmented tensors are not supported`);
  const dims = proto.dims ?? [];
  const count = validateShape(where, dims, 'tensor');
  const raw = proto.raw_data;
  let values: ArrayLike<number>;
  if (raw && raw.length > 0) {
    if (raw.length !== count * width) {
      throw new Error(
        `${where}: raw_data holds ${raw.length} bytes but dims ${formatShape(dims)} need ${count * width}`,
      );
    }
    values = readLittleEndian(raw, type, count);
  } else {
    const field = typedField(proto, type) ?? [];
    if (field.length !== count) {
      throw new Error(`${where}: holds ${field.length} values but dims ${formatShape(dims)} need ${count}`);
    }
    values = field;
  }
  if (type === DataType.FLOAT || type === DataType.DOUBLE) {
    const data =
      type === DataType.FLOAT
        ? values instanceof Float32Array
          ? values
          : Float32Array.from(values)
        : values instanceof Float64Array
          ? values
          : Float64Array.from(values);
    return { kind: 'float', tensor: new Tensor(data, dims) };
  }
  return { kind: 'int', dims: [...dims], values: Array.from(values) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readLittleEndian(raw: Uint8Array, type: number, count: number): ArrayLike<number> {
  // A copy of the bytes, aligned, read in place where the machine is little-endian (all common ones).
  if (LITTLE_ENDIAN && type === DataType.FLOAT) return new Float32Array(raw.slice().buffer);
  if (LITTLE_ENDIAN && type === DataType.DOUBLE) return new Float64Array(raw.slice().buffer);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (type === DataType.FLOAT)
    return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true));
  if (type === DataType.DOUBLE)
    return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
  if (type === DataType.INT32)
    return Int32Array.from({ length: count }, (_, i) => view.getInt32(i * 4, true));
  return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}
