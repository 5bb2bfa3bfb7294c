import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { validIdxFile } from './idx-fuzz';

/** gzip'd bytes, as a plain Uint8Array (a Buffer's slice() would share memory). */
export const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));

/** A valid gzip'd IDX file, then cut, a bit flipped, a byte overwritten or junk appended. */
export const damagedGzip = fc.oneof(
  fc.tuple(validIdxFile, fc.nat()).map(([{ bytes }, cut]) => {
    const gz = gzip(bytes);
    return gz.subarray(0, cut % gz.length);
  }),
  fc.tuple(validIdxFile, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([{ bytes }, at, bit]) => {
    const gz = gzip(bytes);
    gz[at % gz.length] ^= 1 << bit;
    return gz;
  }),
  fc.tuple(validIdxFile, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([{ bytes }, at, value]) => {
    const gz = gzip(bytes);
    gz[at % gz.length] = value;
    return gz;
  }),
  fc.tuple(validIdxFile, fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([{ bytes }, junk]) => {
    const gz = gzip(bytes);
    const out = new Uint8Array(gz.length + junk.length);
    out.set(gz);
    out.set(junk, gz.length);
    return out;
  }),
);
