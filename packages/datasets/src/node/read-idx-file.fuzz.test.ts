import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { readIdxFile } from './read-idx-file';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-idx-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = encodeIdx({ dtype: 'float', dims: [5, 3], data: Array.from({ length: 15 }, (_, i) => i / 3) });

/** Writes `bytes` and reads them back; a failure must be a plain Error naming readIdxFile and the path. */
function readBack(name: string, bytes: Uint8Array, limit?: number): ReturnType<typeof readIdxFile> | Error {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  try {
    return readIdxFile(path, { limit });
  } catch (error) {
    expect((error as Error).constructor).toBe(Error);
    expect((error as Error).message.startsWith(`readIdxFile(${path}): `)).toBe(true);
    return error as Error;
  }
}

describe('readIdxFile under truncated and corrupted files', () => {
  it('refuses every truncation of a plain or gzip file, with or without a limit', () => {
    const gz = gzipSync(file);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), fc.option(fc.integer({ min: 0, max: 6 })), (zipped, cut, limit) => {
        const whole = zipped ? gz : file;
        const result = readBack(
          zipped ? 'cut.idx.gz' : 'cut.idx',
          whole.subarray(0, cut % whole.length),
          limit ?? undefined,
        );
        expect(result).toBeInstanceOf(Error);
        expect((result as Error).message).toMatch(/truncated|not valid gzip data/);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('random bytes under either name are read consistently or refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, gzName) => {
        const result = readBack(gzName ? 'random.gz' : 'random.idx', bytes);
        if (!(result instanceof Error))
          expect(result.data.length).toBe(result.dims.reduce((p, d) => p * d, 1));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
