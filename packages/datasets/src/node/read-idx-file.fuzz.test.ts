import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { damagedIdxFile, expectConsistentOrNamed, outcomeOf, validIdxFile } from '../testing/idx-fuzz';
import { gzipIdxHeader } from '../testing/node-gzip-bomb';
import { damagedGzip, gzip } from '../testing/node-gzip-fuzz';
import type { ByteSource } from './byte-source';
import { readIdx } from './read-idx';
import { readIdxFile } from './read-idx-file';

// Seeded and bounded: 10,300 cases, about three seconds. Most read from memory through the same
// code as a file (a file write costs milliseconds); a few hundred go through real files.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-idx-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = encodeIdx({ dtype: 'float', dims: [5, 3], data: Array.from({ length: 15 }, (_, i) => i / 3) });

/** Bytes in memory, read as a file would be. */
const memory = (bytes: Uint8Array): ByteSource => ({
  size: bytes.length,
  read: (position, length) => bytes.subarray(position, position + length),
});

/** Reads `bytes` as the file `name` from memory, checking the outcome: consistent data or a named Error. */
function readChecked(name: string, bytes: Uint8Array, limit?: number): ReturnType<typeof readIdx> | Error {
  const outcome = outcomeOf(() => readIdx(memory(bytes), name, { limit }));
  expectConsistentOrNamed(outcome, `readIdxFile(${name})`);
  return outcome;
}

/** Writes `bytes` and reads them back; a failure must be a plain Error naming readIdxFile and the path. */
function readBack(name: string, bytes: Uint8Array, limit?: number): ReturnType<typeof readIdxFile> | Error {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const outcome = outcomeOf(() => readIdxFile(path, { limit }));
  expectConsistentOrNamed(outcome, `readIdxFile(${path})`);
  return outcome;
}

const limit = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });

describe('readIdxFile under truncated and corrupted files', () => {
  it('refuses every truncation of a plain or gzip file on disk, with or without a limit', () => {
    const gz = gzip(file);
    fc.assert(
      fc.property(fc.boolean(), fc.nat(), limit, (zipped, cut, l) => {
        const whole = zipped ? gz : file;
        const result = readBack(zipped ? 'cut.idx.gz' : 'cut.idx', whole.subarray(0, cut % whole.length), l);
        expect(result).toBeInstanceOf(Error);
        expect((result as Error).message).toMatch(/truncated|not valid gzip data/);
      }),
      runs(150),
    );
  });

  it('random bytes on disk under either name are read consistently or refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.boolean(), (bytes, gzName) => {
        readBack(gzName ? 'random.gz' : 'random.idx', bytes);
      }),
      runs(150),
    );
  });

  it('damaged plain files, with or without a limit', () => {
    fc.assert(
      fc.property(damagedIdxFile, limit, (bytes, l) => {
        readChecked('damaged.idx', bytes, l);
      }),
      runs(3000),
    );
  });

  it('damaged files, gzip-compressed, with or without a limit', () => {
    fc.assert(
      fc.property(damagedIdxFile, limit, (bytes, l) => {
        readChecked('damaged.idx.gz', gzip(bytes), l);
      }),
      runs(2500),
    );
  });

  it('valid files whose gzip stream is damaged (cut, a bit flipped, a byte overwritten, junk after it)', () => {
    fc.assert(
      fc.property(damagedGzip, fc.boolean(), (bytes, gzName) => {
        readChecked(gzName ? 'stream.gz' : 'stream', bytes);
      }),
      runs(2500),
    );
  });

  it('random bytes, also behind the gzip magic, under either name', () => {
    const gzipLike = fc.uint8Array({ maxLength: 64 }).map((rest) => Uint8Array.of(0x1f, 0x8b, 8, ...rest));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), gzipLike), fc.boolean(), (bytes, gzName) => {
        readChecked(gzName ? 'random.gz' : 'random', bytes);
      }),
      runs(1000),
    );
  });

  it('gzip data going on past its header is stopped, whatever the excess', () => {
    fc.assert(
      fc.property(validIdxFile, fc.integer({ min: 1, max: 65_536 }), ({ bytes }, excess) => {
        const long = new Uint8Array(bytes.length + excess);
        long.set(bytes);
        expect(() => readIdx(memory(gzip(long)), 'long.gz')).toThrow(
          new RegExp(`^readIdxFile\\(long.gz\\): the gzip data goes on past the ${bytes.length} bytes`),
        );
      }),
      runs(500),
    );
  });

  it('headers declaring more elements than a tensor holds are refused by the limit', () => {
    const dim = fc.integer({ min: 2 ** 10, max: 0xffff_ffff });
    fc.assert(
      fc.property(fc.array(dim, { minLength: 3, maxLength: 6 }), (dims) => {
        expect(() => readIdx(memory(gzipIdxHeader(dims)), 'huge.gz')).toThrow(
          /^readIdxFile\(huge.gz\): the IDX data of shape \[.*\] has (\d+|over 2\^53) elements, more than the 2\^28/,
        );
      }),
      runs(500),
    );
  });
});
