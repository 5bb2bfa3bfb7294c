import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damagedIdxFile, expectConsistentOrNamed, validIdxFile } from '../testing/idx-fuzz';
import { gzipIdxHeader } from '../testing/node-gzip-bomb';
import { damagedGzip, gzip } from '../testing/node-gzip-fuzz';
import { parseIdxAsync } from './gzip';

// Seeded and bounded: 10,000 cases through DecompressionStream, about two seconds.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

/** Parses `bytes` as the file fuzz.gz, checking the outcome: consistent data or a named Error. */
async function parseChecked(bytes: Uint8Array, limit?: number) {
  const outcome = await parseIdxAsync(bytes, { source: 'fuzz.gz', limit }).catch((error: Error) => error);
  expectConsistentOrNamed(outcome, 'fuzz.gz');
  return outcome;
}

const limit = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });

// A few thousand cases per test take seconds; a busy CI machine gets room past vitest's 5 s default.
const SLOW = { timeout: 30_000 };

describe('parseIdxAsync (gzip through DecompressionStream) under damaged and hostile input', SLOW, () => {
  it('valid files round-trip, with or without a limit', async () => {
    await fc.assert(
      fc.asyncProperty(validIdxFile, limit, async ({ dims, values, bytes }, l) => {
        const parsed = await parseChecked(gzip(bytes), l);
        const kept = Math.min(dims[0], l ?? dims[0]);
        expect(parsed).toMatchObject({ dims: [kept, ...dims.slice(1)] });
        expect(Array.from((parsed as { data: ArrayLike<number> }).data)).toEqual(
          values.slice(0, kept * dims.slice(1).reduce((p, d) => p * d, 1)),
        );
      }),
      runs(1500),
    );
  });

  it('damaged files, gzip-compressed, parse consistently or are refused by name', async () => {
    await fc.assert(
      fc.asyncProperty(damagedIdxFile, limit, async (bytes, l) => {
        await parseChecked(gzip(bytes), l);
      }),
      runs(3000),
    );
  });

  it('damaged gzip streams (cut, a bit flipped, a byte overwritten, junk after them) are refused by name', async () => {
    await fc.assert(
      fc.asyncProperty(damagedGzip, async (bytes) => {
        await parseChecked(bytes);
      }),
      runs(3000),
    );
  });

  it('random bytes behind the gzip magic are refused by name', async () => {
    const gzipLike = fc.uint8Array({ maxLength: 64 }).map((rest) => Uint8Array.of(0x1f, 0x8b, 8, ...rest));
    await fc.assert(
      fc.asyncProperty(gzipLike, async (bytes) => {
        expect(await parseChecked(bytes)).toBeInstanceOf(Error);
      }),
      runs(1500),
    );
  });

  it('data going on past its header stops within a chunk of the declared size, saying where', async () => {
    await fc.assert(
      fc.asyncProperty(validIdxFile, fc.integer({ min: 1, max: 65_536 }), async ({ bytes }, excess) => {
        const long = new Uint8Array(bytes.length + excess);
        long.set(bytes);
        const error = (await parseChecked(gzip(long))) as Error;
        const stopped = Number(/stopped after inflating (\d+) bytes$/.exec(error.message)?.[1]);
        expect(error.message).toContain(`goes on past the ${bytes.length} bytes its IDX header declares`);
        expect(stopped).toBeGreaterThan(bytes.length);
        expect(stopped).toBeLessThanOrEqual(Math.min(long.length, bytes.length + 65_536));
      }),
      runs(500),
    );
  });

  it('headers declaring more elements than a tensor holds are refused by the limit', async () => {
    const dim = fc.integer({ min: 2 ** 10, max: 0xffff_ffff });
    await fc.assert(
      fc.asyncProperty(fc.array(dim, { minLength: 3, maxLength: 6 }), async (dims) => {
        expect(((await parseChecked(gzipIdxHeader(dims))) as Error).message).toMatch(
          /^fuzz.gz: the IDX data of shape \[.*\] has (\d+|over 2\^53) elements, more than the 2\^28/,
        );
      }),
      runs(500),
    );
  });
});
