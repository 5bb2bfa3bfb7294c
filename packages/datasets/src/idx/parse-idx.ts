import { formatValue } from '@scratchnet/tensor';
import type { IdxData, IdxDType } from './idx-dtype';
import { checkIdxDataLength, decodeIdxHeader, type IdxHeader } from './idx-header';

/** A decoded IDX file: element type, dimensions (outermost first) and the values in native byte order. */
export interface IdxArray {
  readonly dtype: IdxDType;
  readonly dims: number[];
  readonly data: IdxData;
}

export interface ParseIdxOptions {
  /** Keep only the first `limit` items along the first dimension (all when larger than it). */
  limit?: number;
  /** Names the input in error messages (a file path, say). */
  source?: string;
}

/**
 * Parses an uncompressed IDX file. The header is validated and the data length must match the dims
 * exactly. ubyte and byte data are zero-copy views on `bytes` (they share memory); wider types are
 * big-endian in the file and are copied into native order. Gzip'd input is rejected with a hint:
 * decompress it with `parseIdxAsync` or `readIdxFile` from `@scratchnet/datasets/node`.
 */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const source = options.source ?? 'parseIdx';
  if (!(bytes instanceof Uint8Array)) {
    throw new Error(`${source}: bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  }
  const header = decodeIdxHeader(bytes, source);
  checkIdxDataLength(header, bytes.length - header.headerBytes, source);
  return idxArrayFromData(header, bytes, header.headerBytes, options.limit, source);
}

/** Items kept along the first dimension when `limit` is asked for. */
export function limitedCount(items: number, limit: number | undefined, source: string): number {
  if (limit === undefined) return items;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new Error(`${source}: limit must be an integer >= 0, got ${formatValue(limit)}`);
  }
  // A limit of -0 keeps no items, as 0 does (and puts no -0 in the dims).
  return limit === 0 ? 0 : Math.min(items, limit);
}

/**
 * The array whose (possibly limited) data starts at `offset` in `bytes`; `bytes` needs to hold only
 * the kept items. The caller has already checked the full length against the header.
 */
export function idxArrayFromData(
  header: IdxHeader,
  bytes: Uint8Array,
  offset: number,
  limit: number | undefined,
  source: string,
): IdxArray {
  const { type } = header;
  const dims = [limitedCount(header.dims[0], limit, source), ...header.dims.slice(1)];
  const length = dims.reduce((p, d) => p * d, 1);
  const start = bytes.byteOffset + offset;
  if (type.dtype === 'ubyte')
    return { dtype: type.dtype, dims, data: new Uint8Array(bytes.buffer, start, length) };
  if (type.dtype === 'byte')
    return { dtype: type.dtype, dims, data: new Int8Array(bytes.buffer, start, length) };
  const data = new type.array(length);
  const view = new DataView(bytes.buffer, start, length * type.bytes);
  for (let i = 0; i < length; i++) data[i] = type.read(view, i * type.bytes);
  return { dtype: type.dtype, dims, data };
}
