import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipBomb, gzipIdxHeader } from '../testing/node-gzip-bomb';
import { encodeIdx } from './encode-idx';
import { gunzipChunks } from './gunzip-chunks';
import { gunzipIdx, parseIdxAsync } from './gzip';

/** The platform's inflater, counting the bytes it hands out before the reader stops. */
function countingInflate() {
  const seen = { bytes: 0, largestChunk: 0 };
  async function* inflate(bytes: Uint8Array) {
    for await (const chunk of gunzipChunks(bytes)) {
      seen.bytes += chunk.length;
      seen.largestChunk = Math.max(seen.largestChunk, chunk.length);
      yield chunk;
    }
  }
  return { inflate, seen };
}

describe('gunzipIdx (DecompressionStream): a gzip bomb inflates no further than its IDX header declares', () => {
  it('stops a 100 MiB bomb one chunk past the 7856 bytes its header declares, saying where', async () => {
    const { inflate, seen } = countingInflate();
    const error = await gunzipIdx(gzipBomb().bytes, 'bomb.gz', inflate).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `bomb.gz: the gzip data goes on past the 7856 bytes its IDX header declares (16-byte header + dims [10, 28, 28] of ubyte); stopped after inflating ${seen.bytes} bytes`,
    );
    expect(seen.bytes).toBeGreaterThan(7856);
    expect(seen.bytes).toBeLessThanOrEqual(7856 + seen.largestChunk);
    expect(seen.bytes).toBeLessThan(2 ** 20);
  });

  it('parseIdxAsync names its source', async () => {
    await expect(parseIdxAsync(gzipBomb().bytes, { source: 'train.gz' })).rejects.toThrow(
      /^train.gz: the gzip data goes on past the 7856 bytes its IDX header declares .*; stopped after inflating \d+ bytes$/,
    );
  });

  it('refuses dims past the tensor limit as soon as the header is in', async () => {
    await expect(parseIdxAsync(gzipIdxHeader([65_536, 65_536, 2]))).rejects.toThrow(
      'parseIdxAsync: the IDX data of shape [65536, 65536, 2] has 8589934592 elements, more than the 2^28 a tensor may hold',
    );
  });

  it('says when the bytes are not valid gzip', async () => {
    const broken = gzipSync(encodeIdx({ dtype: 'ubyte', dims: [4], data: [1, 2, 3, 4] }));
    broken[12] ^= 0xff;
    await expect(gunzipIdx(broken, 'broken.gz')).rejects.toThrow(/^broken.gz: not valid gzip data: /);
  });

  it('inflates a valid file whole', async () => {
    const idx = encodeIdx({ dtype: 'int', dims: [3, 2], data: [1, -2, 3, -4, 5, -6] });
    expect(await gunzipIdx(gzipSync(idx), 'ok.gz')).toEqual(idx);
  });
});
