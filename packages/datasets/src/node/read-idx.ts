import { checkIdxDataLength, decodeIdxHeader, idxHeaderLength, isGzip } from '../idx/idx-header';
import { type IdxArray, idxArrayFromData, limitedCount, parseIdx } from '../idx/parse-idx';
import type { ByteSource } from './byte-source';
import { gunzipIdxSync } from './gunzip-idx-sync';

export interface ReadIdxFileOptions {
  /** Keep only the first `limit` items; for an uncompressed file only their bytes are read. */
  limit?: number;
}

/** An IDX file's array, plus the dims the whole file declares (they differ from `dims` under `limit`). */
export interface IdxFileArray extends IdxArray {
  readonly fileDims: number[];
}

/**
 * Reads the IDX file at `path` from `file`, plain or gzip'd (by `.gz` name or the 1f 8b magic;
 * inflated no further than the size its header declares, see gunzip-idx-sync.ts). The header and
 * the full length are always checked; an uncompressed file read under `limit` reads only the kept
 * items' bytes.
 */
export function readIdx(file: ByteSource, path: string, options: ReadIdxFileOptions = {}): IdxFileArray {
  const source = `readIdxFile(${path})`;
  const { size } = file;
  const magic = file.read(0, Math.min(size, 4));
  if (path.endsWith('.gz') || isGzip(magic)) {
    const raw = gunzipIdxSync(file.read(0, size), source);
    const { dims: fileDims } = decodeIdxHeader(raw, source);
    return { ...parseIdx(raw, { limit: options.limit, source }), fileDims };
  }
  const headBytes = magic.length < 4 ? magic : file.read(0, Math.min(size, idxHeaderLength(magic)));
  const header = decodeIdxHeader(headBytes, source);
  checkIdxDataLength(header, size - header.headerBytes, source);
  const items = header.dims[0];
  const kept = limitedCount(items, options.limit, source);
  const data = file.read(header.headerBytes, items === 0 ? 0 : (header.dataBytes / items) * kept);
  return { ...idxArrayFromData(header, data, 0, options.limit, source), fileDims: header.dims };
}
