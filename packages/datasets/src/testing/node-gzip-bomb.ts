import { gzipSync } from 'node:zlib';

export interface GzipBomb {
  /** The gzip'd file: about 100 KB. */
  bytes: Uint8Array;
  /** What its IDX header declares: 16 header bytes + 10 images of 28×28 ubyte. */
  declaredBytes: number;
  /** What it inflates to: the header, then 100 MiB of zeros. */
  inflatedBytes: number;
}

let bomb: GzipBomb | undefined;

/** A gzip bomb (made once per test file, in about 0.3 s): a valid IDX header for 10 images, then 100 MiB of zeros. */
export function gzipBomb(): GzipBomb {
  if (bomb) return bomb;
  const inflated = new Uint8Array(16 + 100 * 2 ** 20);
  inflated.set([0, 0, 0x08, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28]);
  bomb = { bytes: gzipSync(inflated), declaredBytes: 16 + 10 * 28 * 28, inflatedBytes: inflated.length };
  return bomb;
}

/** A gzip'd IDX file whose header declares `dims` of ubyte, followed by `dataBytes` zeros. */
export function gzipIdxHeader(dims: readonly number[], dataBytes = 64): Uint8Array {
  const raw = new Uint8Array(4 + 4 * dims.length + dataBytes);
  const view = new DataView(raw.buffer);
  raw.set([0, 0, 0x08, dims.length]);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  return gzipSync(raw);
}

/** The same gzip data with a `nameBytes`-long file name in its gzip header (the FNAME field). */
export function withGzipFileName(gzip: Uint8Array, nameBytes: number): Uint8Array {
  const out = new Uint8Array(gzip.length + nameBytes + 1);
  out.set(gzip.subarray(0, 10));
  out[3] |= 0x08;
  out.fill(0x61, 10, 10 + nameBytes);
  out.set(gzip.subarray(10), 11 + nameBytes);
  return out;
}
