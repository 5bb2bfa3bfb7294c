import fc from 'fast-check';
import { expect } from 'vitest';
import { encodeIdx } from '../idx/encode-idx';
import { IDX_DTYPES, type IdxData } from '../idx/idx-dtype';

export const product = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/** A valid IDX file: any dtype, rank 1..4, at most 256 elements. */
export const validIdxFile = fc
  .record({
    dtype: fc.constantFrom(...IDX_DTYPES),
    dims: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
    seed: fc.nat(),
  })
  .map(({ dtype, dims, seed }) => {
    const data = Array.from({ length: product(dims) }, (_, i) => ((seed + i * 7919) % 100) - 50);
    const values = dtype === 'ubyte' ? data.map((v) => v + 50) : data;
    return { dtype, dims, values, bytes: encodeIdx({ dtype, dims, data: values }) };
  });

/** The size a hostile header may put in a dimension. */
const hostileDim = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 255, 256, 65_536, 2 ** 24, 2 ** 28, 2 ** 31, 0xffff_ffff),
  fc.integer({ min: 0, max: 0xffff_ffff }),
);

/**
 * A valid file damaged as a hostile or broken one is: cut short, extended, a bit flipped, the type or
 * rank byte replaced, or one dimension overwritten with a hostile size.
 */
export const damagedIdxFile = fc.oneof(
  fc.tuple(validIdxFile, fc.nat()).map(([{ bytes }, cut]) => bytes.subarray(0, cut % bytes.length)),
  fc.tuple(validIdxFile, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([{ bytes }, tail]) => {
    const out = new Uint8Array(bytes.length + tail.length);
    out.set(bytes);
    out.set(tail, bytes.length);
    return out;
  }),
  fc.tuple(validIdxFile, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([{ bytes }, at, bit]) => {
    const out = bytes.slice();
    out[at % bytes.length] ^= 1 << bit;
    return out;
  }),
  fc
    .tuple(validIdxFile, fc.constantFrom(2, 3), fc.integer({ min: 0, max: 255 }))
    .map(([{ bytes }, at, v]) => {
      const out = bytes.slice();
      out[at] = v;
      return out;
    }),
  fc.tuple(validIdxFile, fc.nat(), hostileDim).map(([{ bytes, dims }, which, dim]) => {
    const out = bytes.slice();
    new DataView(out.buffer).setUint32(4 + 4 * (which % dims.length), dim);
    return out;
  }),
);

/** A parse either succeeded with data matching its dims, or failed with a plain Error saying `<source>: <problem>`. */
export function expectConsistentOrNamed(
  outcome: { dims: readonly number[]; data: IdxData } | Error,
  source: string,
): void {
  if (!(outcome instanceof Error)) {
    expect(outcome.data.length).toBe(product(outcome.dims));
    return;
  }
  expect(outcome.constructor, outcome.message).toBe(Error);
  expect(outcome.message.startsWith(`${source}: `), outcome.message).toBe(true);
  expect(outcome.message.length).toBeLessThan(400);
}

/** The outcome of `parse`: its result, or the error it threw. */
export function outcomeOf<T>(parse: () => T): T | Error {
  try {
    return parse();
  } catch (error) {
    return error as Error;
  }
}
