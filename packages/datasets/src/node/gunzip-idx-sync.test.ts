import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { gzipBomb, gzipIdxHeader, withGzipFileName } from '../testing/node-gzip-bomb';
import { gunzipIdxSync, type InflateSync, zlibInflate } from './gunzip-idx-sync';
import { readIdxFile } from './read-idx-file';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-gunzip-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface InflateCall {
  maxBytes: number;
  partial: boolean;
  /** Bytes returned, or null when zlib stopped at maxBytes. */
  returned: number | null;
}

/** zlib's inflate, recording each call. */
function recordingInflate(): { inflate: InflateSync; calls: InflateCall[] } {
  const calls: InflateCall[] = [];
  const inflate: InflateSync = (bytes, maxBytes, partial) => {
    const out = zlibInflate(bytes, maxBytes, partial);
    calls.push({ maxBytes, partial, returned: out?.length ?? null });
    return out;
  };
  return { inflate, calls };
}

const PAST_BOMB_HEADER =
  'the gzip data goes on past the 7856 bytes its IDX header declares (16-byte header + dims [10, 28, 28] of ubyte); inflating stopped there';

describe('gunzipIdxSync: a gzip bomb inflates no further than its IDX header declares', () => {
  it('stops a 100 MiB bomb at the 7856 bytes of its header, asking zlib for at most 1 MiB at a time', () => {
    const { bytes, inflatedBytes } = gzipBomb();
    expect(inflatedBytes).toBeGreaterThan(100_000_000);
    const { inflate, calls } = recordingInflate();
    expect(() => gunzipIdxSync(bytes, 'bomb.gz', inflate)).toThrow(`bomb.gz: ${PAST_BOMB_HEADER}`);
    for (const call of calls) expect(call.maxBytes).toBeLessThanOrEqual(2 ** 20);
    expect(calls.at(-1)).toEqual({ maxBytes: 7856, partial: false, returned: null });
  });

  it('readIdxFile names the file', () => {
    const path = join(dir, 'bomb-images-idx3-ubyte.gz');
    writeFileSync(path, gzipBomb().bytes);
    expect(() => readIdxFile(path)).toThrow(`readIdxFile(${path}): ${PAST_BOMB_HEADER}`);
  });

  it('refuses dims past the tensor limit before inflating the data', () => {
    const { inflate, calls } = recordingInflate();
    expect(() => gunzipIdxSync(gzipIdxHeader([65_536, 65_536, 2]), 'huge.gz', inflate)).toThrow(
      'huge.gz: the IDX data of shape [65536, 65536, 2] has 8589934592 elements, more than the 2^28 a tensor may hold',
    );
    expect(calls.every((call) => call.partial)).toBe(true);
  });

  it('finds the header behind a long gzip file name, inflating no more than 1 MiB while looking', () => {
    const { inflate, calls } = recordingInflate();
    expect(() => gunzipIdxSync(withGzipFileName(gzipBomb().bytes, 10_000), 'named.gz', inflate)).toThrow(
      `named.gz: ${PAST_BOMB_HEADER}`,
    );
    expect(calls.some((call) => call.returned === null && call.partial)).toBe(true);
    for (const call of calls) expect(call.maxBytes).toBeLessThanOrEqual(2 ** 20);
  });

  it('inflates valid files whole, small or behind a long file name', () => {
    const idx = encodeIdx({ dtype: 'short', dims: [300, 2], data: Array.from({ length: 600 }, (_, i) => i) });
    const tiny = encodeIdx({ dtype: 'ubyte', dims: [1], data: [7] });
    const cases = [
      [gzipSync(idx), idx],
      [withGzipFileName(gzipSync(idx), 5000), idx],
      [gzipSync(tiny), tiny],
    ];
    for (const [gz, raw] of cases) expect(Buffer.compare(gunzipIdxSync(gz, 'ok.gz'), raw)).toBe(0);
  });

  it('says so when one compressed byte would have to inflate past the probe limit', () => {
    const absurd: InflateSync = (bytes) => (bytes.length > 1 ? null : new Uint8Array(0));
    expect(() => gunzipIdxSync(new Uint8Array(100), 'absurd.gz', absurd)).toThrow(
      'absurd.gz: gzip data inflates to more than 1048576 bytes from one compressed byte',
    );
  });
});
