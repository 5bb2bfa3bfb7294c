import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  damagedIdxFile,
  expectConsistentOrNamed,
  outcomeOf,
  product,
  validIdxFile,
} from '../testing/idx-fuzz';
import { idxTypeByName } from './idx-dtype';
import { parseIdx } from './parse-idx';

// Seeded and bounded: the same 10,500 cases on every run, about two seconds in all.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

/** The outcome of parsing `bytes`, checked: consistent data, or a plain Error saying `parseIdx: …`. */
function parseChecked(bytes: Uint8Array, limit?: number): ReturnType<typeof parseIdx> | Error {
  const outcome = outcomeOf(() => parseIdx(bytes, { limit }));
  expectConsistentOrNamed(outcome, 'parseIdx');
  return outcome;
}

/** The 4 magic bytes with plausible type and rank bytes, then random dims and data. */
const idxLike = fc
  .tuple(
    fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0xff),
    fc.integer({ min: 0, max: 255 }),
    fc.uint8Array({ maxLength: 96 }),
  )
  .map(([type, rank, rest]) => Uint8Array.of(0, 0, type, rank, ...rest));

describe('parseIdx under random and corrupted input', () => {
  it('random bytes: parses consistently or throws a parseIdx error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), idxLike), (bytes) => {
        const result = parseChecked(bytes);
        if (result instanceof Error) return;
        const elementBytes = idxTypeByName(result.dtype)?.bytes ?? 0;
        expect(4 + 4 * result.dims.length + result.data.length * elementBytes).toBe(bytes.length);
      }),
      runs(2000),
    );
  });

  it('valid files round-trip, also from an offset view', () => {
    fc.assert(
      fc.property(validIdxFile, fc.integer({ min: 0, max: 7 }), ({ dims, values, bytes }, shift) => {
        const padded = new Uint8Array(bytes.length + shift);
        padded.set(bytes, shift);
        const parsed = parseIdx(padded.subarray(shift));
        expect(parsed.dims).toEqual(dims);
        expect(Array.from(parsed.data)).toEqual(values);
      }),
      runs(1000),
    );
  });

  it('every truncation and every extension of a valid file is refused by name', () => {
    fc.assert(
      fc.property(validIdxFile, fc.nat(), fc.integer({ min: 1, max: 9 }), ({ bytes }, cut, extra) => {
        const short = bytes.subarray(0, cut % bytes.length);
        expect(() => parseIdx(short)).toThrow(/^parseIdx: truncated (header|data)/);
        const long = new Uint8Array(bytes.length + extra);
        long.set(bytes);
        expect(() => parseIdx(long)).toThrow(/^parseIdx: oversized data: dims \[.*\] .* got \d+$/);
      }),
      runs(1500),
    );
  });

  it('damaged files (cut, extended, a bit flipped, type, rank or a dim overwritten) parse consistently or are refused', () => {
    fc.assert(
      fc.property(damagedIdxFile, (bytes) => {
        parseChecked(bytes);
      }),
      runs(4000),
    );
  });

  it('huge dims (up to 2^32 - 1 each, products past 2^53) are refused before any allocation', () => {
    const dims = fc.array(fc.constantFrom(0xffff_ffff, 0x8000_0000, 65_536, 3), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(dims, fc.constantFrom(0x08, 0x0e), (ds, type) => {
        fc.pre(product(ds) > 64);
        const header = new Uint8Array(4 + 4 * ds.length + 16);
        const view = new DataView(header.buffer);
        header.set([0, 0, type, ds.length]);
        for (const [i, d] of ds.entries()) view.setUint32(4 + 4 * i, d);
        const bytesPerElement = type === 0x08 ? 1 : 8;
        const need = product(ds) * bytesPerElement;
        const stated = need > Number.MAX_SAFE_INTEGER ? 'more than 2\\^53' : String(need);
        expect(() => parseIdx(header)).toThrow(
          new RegExp(
            `^parseIdx: truncated data: dims \\[${ds.join(', ')}\\] .* need ${stated} data bytes, got 16$`,
          ),
        );
      }),
      runs(1000),
    );
  });

  it('any limit is either honoured or refused by name', () => {
    const limit = fc.oneof(fc.integer({ min: -3, max: 10 }), fc.double(), fc.constant(Number.NaN));
    fc.assert(
      fc.property(validIdxFile, limit, ({ dims, bytes }, l) => {
        const result = parseChecked(bytes, l);
        if (result instanceof Error)
          expect(result.message).toMatch(/^parseIdx: limit must be an integer >= 0, got /);
        // === rather than toBe: for a limit of -0, Math.min says -0 where the parser keeps a plain 0.
        else expect(result.dims[0] === Math.min(dims[0], l)).toBe(true);
      }),
      runs(1000),
    );
  });

  it('refuses a value that is not a Uint8Array', () => {
    for (const bad of [null, 'idx', [0, 0, 8, 1], new Int8Array(8), new ArrayBuffer(8)]) {
      expect(() => parseIdx(bad as unknown as Uint8Array)).toThrow(
        /^parseIdx: bytes must be a Uint8Array, got \[object /,
      );
    }
  });
});
