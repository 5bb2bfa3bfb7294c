import { closeSync, openSync } from 'node:fs';
import { fileBytes } from './byte-source';
import { type IdxFileArray, type ReadIdxFileOptions, readIdx } from './read-idx';

export type { IdxFileArray, ReadIdxFileOptions } from './read-idx';

/**
 * Reads an IDX file, plain or gzip'd (by `.gz` name or the 1f 8b magic; inflated no further than the
 * size its header declares). The header and the full length are always checked; an uncompressed
 * file read under `limit` loads only the kept items' bytes.
 */
export function readIdxFile(path: string, options: ReadIdxFileOptions = {}): IdxFileArray {
  const fd = openSync(path, 'r');
  try {
    return readIdx(fileBytes(fd), path, options);
  } finally {
    closeSync(fd);
  }
}
