import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { parseIdx } from '../idx/parse-idx';
import { readIdxFile } from './read-idx-file';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const matrix = encodeIdx({ dtype: 'short', dims: [4, 3], data: [1, -2, 3, 4, 5, -6, 7, 8, 9, 10, 11, -12] });

describe('readIdxFile', () => {
  it('reads plain, .gz and unnamed gzip files alike', () => {
    const expected = parseIdx(matrix);
    for (const path of [
      write('m.idx', matrix),
      write('m.idx.gz', gzipSync(matrix)),
      write('m-gz', gzipSync(matrix)),
    ]) {
      const read = readIdxFile(path);
      expect(read.dtype).toBe('short');
      expect(read.dims).toEqual([4, 3]);
      expect(read.fileDims).toEqual([4, 3]);
      expect(Array.from(read.data)).toEqual(Array.from(expected.data));
    }
  });

  it('loads only the first items under limit, still checking the full length', () => {
    for (const path of [write('l.idx', matrix), write('l.idx.gz', gzipSync(matrix))]) {
      const read = readIdxFile(path, { limit: 2 });
      expect(read.dims).toEqual([2, 3]);
      expect(read.fileDims).toEqual([4, 3]);
      expect(Array.from(read.data)).toEqual([1, -2, 3, 4, 5, -6]);
    }
    const truncated = write('t.idx', matrix.subarray(0, matrix.length - 2));
    expect(() => readIdxFile(truncated, { limit: 1 })).toThrow(
      `readIdxFile(${truncated}): truncated data: dims [4, 3] of short (2 bytes each) need 24 data bytes, got 22`,
    );
    expect(() => readIdxFile(write('z.idx', matrix), { limit: 1.5 })).toThrow(
      'limit must be an integer >= 0, got 1.5',
    );
  });

  it('reports corrupt files with their path', () => {
    const badMagic = write('bad', new Uint8Array([1, 2, 3, 4, 5]));
    expect(() => readIdxFile(badMagic)).toThrow(`readIdxFile(${badMagic}): bad magic number 01 02 03 04`);
    const short = write('short', new Uint8Array([0, 0, 8, 3, 0, 0]));
    expect(() => readIdxFile(short)).toThrow('truncated header: 3 dimensions need 16 header bytes, got 6');
    const badGzip = write('bad.gz', new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readIdxFile(badGzip)).toThrow(`readIdxFile(${badGzip}): not valid gzip data`);
    expect(() => readIdxFile(join(dir, 'absent'))).toThrow('ENOENT');
  });
});
