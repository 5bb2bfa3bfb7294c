import { type DType, formatValue, Tensor, validateShape } from '@scratchnet/tensor';

/**
 * The safetensors format (as written by PyTorch and Hugging Face): an 8-byte little-endian
 * header length, a JSON header mapping each name to { dtype, shape, data_offsets } (offsets
 * relative to the byte buffer after the header), then the raw little-endian data.
 */

const ELEMENT_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
const TO_FORMAT: Record<DType, string> = { float32: 'F32', float64: 'F64' };
/** Header limit (100 MB, as the reference implementation) so that a corrupt length cannot exhaust memory. */
const MAX_HEADER_BYTES = 100_000_000;

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface Safetensors {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const t = tensors[name];
    if (!(t instanceof Tensor)) throw new Error(`encodeSafetensors: '${name}' is not a Tensor`);
    header[name] = {
      dtype: TO_FORMAT[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + t.data.byteLength],
    };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (the reference writer does the same).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors[name];
    writeLittleEndian(out, at, t);
    at += t.data.byteLength;
  }
  return out;
}

function writeLittleEndian(out: Uint8Array, at: number, t: Tensor): void {
  const view = new DataView(out.buffer, out.byteOffset + at, t.data.byteLength);
  if (t.dtype === 'float32') for (let i = 0; i < t.size; i++) view.setFloat32(i * 4, t.data[i], true);
  else for (let i = 0; i < t.size; i++) view.setFloat64(i * 8, t.data[i], true);
}

function fail(message: string): never {
  throw new Error(`decodeSafetensors: ${message}`);
}

/** A tensor name from the header for an error message: quoted, at most 40 characters. */
function quoted(name: string): string {
  return name.length > 40 ? `'${name.slice(0, 39)}…'` : `'${name}'`;
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) fail('expected the file contents as a Uint8Array');
  if (bytes.length < 8) fail(`file has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(`header length ${length} is larger than the file (${bytes.length} bytes) or the 100 MB limit`);
  }
  const headerEnd = 8 + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    fail(`header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    fail('header must be a JSON object');
  return { header: header as Record<string, unknown>, dataStart: headerEnd };
}

function checkEntry(name: string, entry: unknown, dataBytes: number): HeaderEntry & { dtypeOut: DType } {
  const e = entry as Partial<HeaderEntry> | null;
  const tensor = `tensor ${quoted(name)}`;
  if (!e || typeof e !== 'object') fail(`entry ${quoted(name)} must be an object`);
  const { dtype, shape, data_offsets: offsets } = e;
  if (typeof dtype !== 'string' || !Object.hasOwn(ELEMENT_BYTES, dtype))
    fail(`${tensor} has unknown dtype ${formatValue(dtype)}`);
  if (dtype !== 'F32' && dtype !== 'F64') fail(`${tensor} has dtype ${dtype}; scratchnet reads F32 and F64`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(`${tensor} has an invalid shape ${formatValue(shape)}`);
  }
  validateShape('decodeSafetensors', shape, tensor);
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[0] > offsets[1]
  ) {
    fail(`${tensor} has invalid data_offsets ${formatValue(offsets)}`);
  }
  if (offsets[1] > dataBytes)
    fail(`${tensor} data_offsets ${formatValue(offsets)} run past the data (${dataBytes} bytes)`);
  const elements = shape.reduce((p, d) => p * d, 1);
  const expected = elements * ELEMENT_BYTES[dtype];
  if (!Number.isSafeInteger(elements) || offsets[1] - offsets[0] !== expected) {
    fail(
      `${tensor} shape ${formatValue(shape)} × ${dtype} needs ${expected} bytes, data_offsets give ${offsets[1] - offsets[0]}`,
    );
  }
  return {
    dtype,
    shape,
    data_offsets: offsets as [number, number],
    dtypeOut: dtype === 'F32' ? 'float32' : 'float64',
  };
}

/** Reads a safetensors file, checking every offset, shape and size; overlapping or gapped data is rejected. */
export function decodeSafetensors(bytes: Uint8Array): Safetensors {
  const { header, dataStart } = parseHeader(bytes);
  const dataBytes = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: [string, ReturnType<typeof checkEntry>][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (
        !entry ||
        typeof entry !== 'object' ||
        Array.isArray(entry) ||
        Object.values(entry).some((v) => typeof v !== 'string')
      ) {
        fail('__metadata__ must map strings to strings');
      }
      Object.assign(metadata, entry);
      continue;
    }
    // JSON.parse keeps "__proto__" as a key, but assigning it would replace the result's prototype.
    if (name === '__proto__') fail(`tensor name '__proto__' is not allowed`);
    entries.push([name, checkEntry(name, entry, dataBytes)]);
  }
  // The format requires the buffers to tile the data exactly: sorted by offset, no gap, no overlap.
  const sorted = [...entries].sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  let expectedStart = 0;
  for (const [name, e] of sorted) {
    if (e.data_offsets[0] !== expectedStart) {
      fail(
        `tensor ${quoted(name)} starts at byte ${e.data_offsets[0]}, expected ${expectedStart} (overlapping or gapped data)`,
      );
    }
    expectedStart = e.data_offsets[1];
  }
  if (expectedStart !== dataBytes)
    fail(`the tensors cover ${expectedStart} bytes but the file holds ${dataBytes} data bytes`);
  const tensors: Record<string, Tensor> = {};
  for (const [name, e] of entries) {
    const view = new DataView(
      bytes.buffer,
      bytes.byteOffset + dataStart + e.data_offsets[0],
      e.data_offsets[1] - e.data_offsets[0],
    );
    const t = Tensor.zeros(e.shape, { dtype: e.dtypeOut });
    if (e.dtypeOut === 'float32') for (let i = 0; i < t.size; i++) t.data[i] = view.getFloat32(i * 4, true);
    else for (let i = 0; i < t.size; i++) t.data[i] = view.getFloat64(i * 8, true);
    tensors[name] = t;
  }
  return { tensors, metadata };
}
