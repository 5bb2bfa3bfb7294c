import { formatShape } from '@scratchnet/tensor';
import { hex, type IdxDTypeInfo, idxTypeByCode } from './idx-dtype';

export interface IdxHeader {
  readonly type: IdxDTypeInfo;
  readonly dims: number[];
  /** Bytes before the data: 4 (magic) + 4 per dimension. */
  readonly headerBytes: number;
  /** Data bytes the dims call for (product of dims × element size). */
  readonly dataBytes: number;
}

const GZIP_HINT =
  ' — these bytes are gzip-compressed (1f 8b): decompress them first (parseIdxAsync, or readIdxFile from @scratchnet/datasets/node)';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Bytes needed for the header of a file whose first 4 bytes are `magic` (at least 4 bytes). */
export function idxHeaderLength(magic: Uint8Array): number {
  return 4 + 4 * magic[3];
}

/**
 * Decodes and validates the magic number and dimensions at the start of `bytes` (which may hold the
 * header alone). `source` names the input in error messages.
 */
export function decodeIdxHeader(bytes: Uint8Array, source: string): IdxHeader {
  if (bytes.length < 4) {
    throw new Error(
      `${source}: truncated header: the magic number needs 4 bytes, got ${bytes.length} (${hex(bytes) || 'empty'})`,
    );
  }
  const magic = bytes.subarray(0, 4);
  if (magic[0] !== 0 || magic[1] !== 0) {
    throw new Error(
      `${source}: bad magic number ${hex(magic)}: an IDX file starts with two zero bytes${isGzip(bytes) ? GZIP_HINT : ''}`,
    );
  }
  const type = idxTypeByCode(magic[2]);
  if (!type) {
    throw new Error(
      `${source}: unknown element type byte 0x${hex([magic[2]])} (magic ${hex(magic)}); ` +
        'known: 0x08 ubyte, 0x09 byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double',
    );
  }
  const rank = magic[3];
  if (rank === 0) throw new Error(`${source}: the header declares zero dimensions (magic ${hex(magic)})`);
  const headerBytes = idxHeaderLength(magic);
  if (bytes.length < headerBytes) {
    throw new Error(
      `${source}: truncated header: ${rank} dimensions need ${headerBytes} header bytes, got ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let d = 0; d < rank; d++) dims.push(view.getUint32(4 + 4 * d));
  return { type, dims, headerBytes, dataBytes: dataBytesOf(dims, type.bytes) };
}

/** Product of dims × element size, or Infinity when it passes 2^53 (no file can be that large). */
function dataBytesOf(dims: readonly number[], elementBytes: number): number {
  let total = elementBytes;
  for (const d of dims) {
    total *= d;
    if (total > Number.MAX_SAFE_INTEGER) return Number.POSITIVE_INFINITY;
  }
  return total;
}

/** Throws unless the input holds exactly the data bytes the header calls for. */
export function checkIdxDataLength(header: IdxHeader, actualDataBytes: number, source: string): void {
  if (actualDataBytes === header.dataBytes) return;
  const dims = formatShape(header.dims);
  const need = Number.isFinite(header.dataBytes)
    ? `${header.dataBytes} data bytes`
    : 'more than 2^53 data bytes';
  const kind = actualDataBytes < header.dataBytes ? 'truncated data' : 'oversized data';
  throw new Error(
    `${source}: ${kind}: dims ${dims} of ${header.type.dtype} (${header.type.bytes} byte${header.type.bytes > 1 ? 's' : ''} each) ` +
      `need ${need}, got ${actualDataBytes}`,
  );
}
