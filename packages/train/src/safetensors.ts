import { formatValue, Tensor, validateShape } from '@scratchnet/tensor';
import {
  DEFAULT_STORAGE,
  ELEMENT_CODECS,
  type ElementCodec,
  isSafetensorsDType,
  type SafetensorsDType,
} from './safetensors-dtypes';

/**
 * The safetensors format (as written by PyTorch and Hugging Face): an 8-byte little-endian
 * header length, a JSON header mapping each name to { dtype, shape, data_offsets } (offsets
 * relative to the byte buffer after the header), then the raw little-endian data.
 */

/** Header limit (100 MB, as the reference implementation) so that a corrupt length cannot exhaust memory. */
const MAX_HEADER_BYTES = 100_000_000;

interface HeaderEntry {
  dtype: SafetensorsDType;
  shape: number[];
  data_offsets: [number, number];
}

export interface Safetensors {
  /** Each value exactly as stored: F64, I32 and I64 as float64 tensors, the other types as float32. */
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
  /** The element type each tensor had in the file. */
  dtypes: Record<string, SafetensorsDType>;
}

export interface EncodeSafetensorsOptions {
  /**
   * The element type to store a tensor as, by name (default: F32 for float32, F64 for float64).
   * Float types round to nearest even (F16 and BF16 overflow to ±Infinity, as PyTorch); an integer
   * type takes only integers in its range, else the encoder throws naming the tensor and the value.
   */
  dtypes?: Record<string, SafetensorsDType>;
}

export function encodeSafetensors(
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> = {},
  options: EncodeSafetensorsOptions = {},
): Uint8Array {
  const storage = storageTypes(tensors, options.dtypes ?? {});
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    const t = tensors[name];
    const bytes = t.size * ELEMENT_CODECS[storage[name]].bytes;
    header[name] = { dtype: storage[name], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned (the reference writer does the same).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const dataStart = 8 + headerBytes.length;
  for (const name of names) {
    const { data_offsets: range } = header[name] as HeaderEntry;
    const view = new DataView(out.buffer, dataStart + range[0], range[1] - range[0]);
    writeElements(view, tensors[name], ELEMENT_CODECS[storage[name]], `${quoted(name)} as ${storage[name]}`);
  }
  return out;
}

function storageTypes(
  tensors: Record<string, Tensor>,
  requested: Record<string, SafetensorsDType>,
): Record<string, SafetensorsDType> {
  for (const [name, dtype] of Object.entries(requested)) {
    if (!Object.hasOwn(tensors, name))
      throw new Error(
        `encodeSafetensors: options.dtypes names ${quoted(name)}, which is not among the tensors`,
      );
    if (!isSafetensorsDType(dtype)) {
      throw new Error(
        `encodeSafetensors: options.dtypes gives ${quoted(name)} the unknown type ${formatValue(dtype)} (one of ${Object.keys(ELEMENT_CODECS).join(', ')})`,
      );
    }
  }
  const storage: Record<string, SafetensorsDType> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof Tensor)) throw new Error(`encodeSafetensors: '${name}' is not a Tensor`);
    storage[name] = Object.hasOwn(requested, name) ? requested[name] : DEFAULT_STORAGE[t.dtype];
  }
  return storage;
}

function writeElements(view: DataView, t: Tensor, codec: ElementCodec, what: string): void {
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (codec.accepts && !codec.accepts(v)) {
      throw new Error(
        `encodeSafetensors: tensor ${what} holds ${formatValue(v)} at index ${i}; it stores ${codec.range}`,
      );
    }
    codec.write(view, i * codec.bytes, v);
  }
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

function checkEntry(name: string, entry: unknown, dataBytes: number): HeaderEntry {
  const e = entry as Partial<HeaderEntry> | null;
  const tensor = `tensor ${quoted(name)}`;
  if (!e || typeof e !== 'object') fail(`entry ${quoted(name)} must be an object`);
  const { dtype, shape, data_offsets: offsets } = e;
  if (!isSafetensorsDType(dtype)) fail(`${tensor} has unknown dtype ${formatValue(dtype)}`);
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
  const expected = elements * ELEMENT_CODECS[dtype].bytes;
  if (!Number.isSafeInteger(elements) || offsets[1] - offsets[0] !== expected) {
    fail(
      `${tensor} shape ${formatValue(shape)} × ${dtype} needs ${expected} bytes, data_offsets give ${offsets[1] - offsets[0]}`,
    );
  }
  return { dtype, shape, data_offsets: offsets as [number, number] };
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
  const dtypes: Record<string, SafetensorsDType> = {};
  for (const [name, e] of entries) {
    const view = new DataView(
      bytes.buffer,
      bytes.byteOffset + dataStart + e.data_offsets[0],
      e.data_offsets[1] - e.data_offsets[0],
    );
    tensors[name] = readElements(view, e, ELEMENT_CODECS[e.dtype], name);
    dtypes[name] = e.dtype;
  }
  return { tensors, metadata, dtypes };
}

function readElements(view: DataView, e: HeaderEntry, codec: ElementCodec, name: string): Tensor {
  const t = Tensor.zeros(e.shape, { dtype: codec.holds });
  for (let i = 0; i < t.size; i++) {
    const v = codec.read(view, i * codec.bytes);
    if (codec.accepts && !codec.accepts(v)) {
      // An I64 past 2^53 is shown exactly, not as the nearest number.
      const stored = e.dtype === 'I64' ? view.getBigInt64(i * 8, true) : formatValue(v);
      fail(
        `tensor ${quoted(name)} holds ${e.dtype} ${stored} at index ${i}; scratchnet reads ${codec.range}`,
      );
    }
    t.data[i] = v;
  }
  return t;
}
