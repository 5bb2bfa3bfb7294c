import { createRng, Tensor } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import type { SafetensorsDType } from './safetensors-dtypes';
import { withHostileHeader } from './test-support/hostile-safetensors';

// Seeded and bounded: the same 10,000 cases on every run (and a few large headers), a few seconds in all.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

/** Decodes, or checks that the failure is a plain Error saying `decodeSafetensors: …` in under 400 characters. */
function decodeOrExplain(bytes: Uint8Array): ReturnType<typeof decodeSafetensors> | Error {
  try {
    return decodeSafetensors(bytes);
  } catch (error) {
    expect((error as Error).constructor).toBe(Error);
    expect((error as Error).message).toMatch(/^decodeSafetensors: \S/);
    expect((error as Error).message.length).toBeLessThan(400);
    return error as Error;
  }
}

/** A file with `header` as its JSON header (any text) and `dataBytes` zero bytes of data. */
function withHeader(header: unknown, dataBytes = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

const STORAGE_TYPES: SafetensorsDType[] = [
  'F64',
  'F32',
  'F16',
  'BF16',
  'I64',
  'I32',
  'I16',
  'I8',
  'U8',
  'BOOL',
];

/** Random tensors (values the storage type can hold) and their file, each tensor stored as a random type. */
const validFile = fc
  .record({
    shapes: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), {
      minLength: 1,
      maxLength: 4,
    }),
    float64: fc.boolean(),
    storage: fc.array(fc.constantFrom(...STORAGE_TYPES), { minLength: 4, maxLength: 4 }),
    seed: fc.nat(),
  })
  .map(({ shapes, float64, storage, seed }) => {
    const rng = createRng(seed);
    const tensors = Object.fromEntries(
      shapes.map((s, i) => [`t${i}`, Tensor.randn(s, { rng, dtype: float64 ? 'float64' : 'float32' })]),
    );
    const dtypes = Object.fromEntries(shapes.map((_, i) => [`t${i}`, storage[i]]));
    for (const [name, t] of Object.entries(tensors)) {
      if (dtypes[name].startsWith('F')) continue;
      // Integers the type holds: |n| < 127 fits every signed type, BOOL and U8 take 0/1 and 0..126.
      for (let k = 0; k < t.size; k++) {
        const n = Math.round(t.data[k] * 40) % 127;
        t.data[k] = dtypes[name] === 'BOOL' ? Math.abs(n) % 2 : dtypes[name] === 'U8' ? Math.abs(n) : n;
      }
    }
    return { tensors, bytes: encodeSafetensors(tensors, {}, { dtypes }) };
  });

describe('decodeSafetensors under random and corrupted input', () => {
  it('random bytes and random headers: decoded consistently or refused by name', () => {
    const entry = fc.record({
      dtype: fc.constantFrom('F32', 'F64', 'F16', 'I64', 'U8', 'f32', 'toString', '__proto__', ''),
      shape: fc.array(fc.oneof(fc.integer({ min: -2, max: 4 }), fc.constant(2 ** 53), fc.double()), {
        maxLength: 3,
      }),
      data_offsets: fc.array(fc.integer({ min: -4, max: 40 }), { maxLength: 3 }),
    });
    const header = fc.dictionary(
      fc.constantFrom('a', 'b', '__metadata__', '__proto__', 'constructor'),
      fc.oneof(entry, fc.anything()),
    );
    const file = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(header, fc.integer({ min: 0, max: 40 })).map(([h, n]) => withHeader(h, n)),
    );
    fc.assert(
      fc.property(file, (bytes) => {
        const result = decodeOrExplain(bytes);
        if (result instanceof Error) return;
        for (const t of Object.values(result.tensors))
          expect(t.data.length).toBe(t.shape.reduce((p, d) => p * d, 1));
      }),
      runs(2000),
    );
  });

  it('every truncation of a valid file is refused', () => {
    fc.assert(
      fc.property(validFile, fc.nat(), ({ bytes }, cut) => {
        expect(decodeOrExplain(bytes.subarray(0, cut % bytes.length))).toBeInstanceOf(Error);
      }),
      runs(1500),
    );
  });

  it('a flipped bit anywhere decodes consistently or is refused; in the data it changes only values', () => {
    fc.assert(
      fc.property(validFile, fc.nat(), fc.integer({ min: 0, max: 7 }), ({ bytes }, at, bit) => {
        const flipped = bytes.slice();
        flipped[at % bytes.length] ^= 1 << bit;
        decodeOrExplain(flipped);
      }),
      runs(2000),
    );
  });

  it('valid files under hostile headers (bad numbers, repeated keys, moved offsets, deep or long values, odd names)', () => {
    fc.assert(
      fc.property(validFile, withHostileHeader, ({ bytes }, rewrite) => {
        decodeOrExplain(rewrite(bytes));
      }),
      runs(2000),
    );
  });

  it('a header byte replaced by a JSON character decodes consistently or is refused', () => {
    const jsonCharacter = fc.constantFrom(...'{}[]",:-.0123456789eE u\\');
    fc.assert(
      fc.property(validFile, fc.nat(), jsonCharacter, ({ bytes }, at, character) => {
        const changed = bytes.slice();
        const headerLength = Number(new DataView(changed.buffer).getBigUint64(0, true));
        changed[8 + (at % headerLength)] = character.charCodeAt(0);
        decodeOrExplain(changed);
      }),
      runs(1500),
    );
  });

  it('valid files round-trip bit for bit, non-finite values included (they are valid data)', () => {
    fc.assert(
      fc.property(
        validFile,
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        ({ tensors }, special) => {
          for (const t of Object.values(tensors)) if (t.size > 0) t.data[0] = special;
          const back = decodeSafetensors(encodeSafetensors(tensors));
          for (const [name, t] of Object.entries(tensors)) {
            expect(back.tensors[name].shape).toEqual(t.shape);
            expect(Buffer.from(back.tensors[name].data.buffer)).toEqual(Buffer.from(t.data.buffer));
          }
        },
      ),
      runs(500),
    );
  });

  it('a header length past the file, or past 2^53, is refused before reading', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 3n, max: 2n ** 64n - 1n }), (length) => {
        const bytes = withHeader('{}');
        new DataView(bytes.buffer).setBigUint64(0, length, true);
        expect(() => decodeSafetensors(bytes)).toThrow(
          `decodeSafetensors: header length ${length} is larger than the file (10 bytes) or the 100 MB limit`,
        );
      }),
      runs(500),
    );
  });

  it('names each kind of bad entry', () => {
    const cases: [unknown, number, RegExp][] = [
      [{ a: { dtype: 'Q8', shape: [1], data_offsets: [0, 1] } }, 1, /tensor 'a' has unknown dtype "Q8"$/],
      [
        { a: { dtype: 'toString', shape: [1], data_offsets: [0, 1] } },
        1,
        /tensor 'a' has unknown dtype "toString"$/,
      ],
      [
        { a: { dtype: 'I16', shape: [3], data_offsets: [0, 4] } },
        4,
        /tensor 'a' shape \[3\] × I16 needs 6 bytes, data_offsets give 4$/,
      ],
      [
        { a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } },
        4,
        /tensor 'a' shape \[2\] × F32 needs 8 bytes, data_offsets give 4$/,
      ],
      [
        { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } },
        4,
        /data_offsets \[4, 8\] run past the data \(4 bytes\)$/,
      ],
      [{ a: { dtype: 'F32', shape: [1], data_offsets: [8, 4] } }, 8, /invalid data_offsets \[8, 4\]$/],
      [{ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4, /invalid shape \[-1\]$/],
      [
        { a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } },
        4,
        /tensor 'a' of shape \[1099511627776, 1099511627776\] has over 2\^53 elements, more than the 2\^28 a tensor may hold$/,
      ],
      [
        { a: { dtype: 'F32', shape: [2 ** 29], data_offsets: [0, 2 ** 31] } },
        4,
        /tensor 'a' of shape \[536870912\] has 536870912 elements, more than the 2\^28 a tensor may hold$/,
      ],
      [
        { ['n'.repeat(5000)]: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } },
        4,
        /^decodeSafetensors: tensor 'n{39}…' shape \[2\] × F32 needs 8 bytes, data_offsets give 4$/,
      ],
      [
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        8,
        /tensor 'b' starts at byte 4, expected 8 \(overlapping or gapped data\)$/,
      ],
      [
        { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } },
        8,
        /the tensors cover 4 bytes but the file holds 8 data bytes$/,
      ],
      [{ __metadata__: ['x'] }, 0, /__metadata__ must map strings to strings$/],
      [
        '{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}',
        4,
        /tensor name '__proto__' is not allowed/,
      ],
      ['[1, 2]', 0, /header must be a JSON object$/],
      ['{"a": ', 0, /header is not valid UTF-8 JSON/],
    ];
    for (const [header, dataBytes, message] of cases) {
      const result = decodeOrExplain(withHeader(header, dataBytes));
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toMatch(message);
    }
  });

  it('deep or huge JSON headers are refused with a short message, not a stack overflow', () => {
    const deep = `{"a":{"dtype":"F32","shape":${'['.repeat(100_000)}${']'.repeat(100_000)},"data_offsets":[0,0]}}`;
    expect(decodeOrExplain(withHeader(deep))).toBeInstanceOf(Error);
    const wideShape = { a: { dtype: 'F32', shape: Array(1_000_000).fill(-1), data_offsets: [0, 0] } };
    expect((decodeOrExplain(withHeader(wideShape)) as Error).message).toMatch(/invalid shape \[-1, -1, .*…$/);
    const manyNames = Object.fromEntries(
      Array.from({ length: 20_000 }, (_, i) => [`t${i}`, { dtype: 'F32', shape: [0], data_offsets: [0, 0] }]),
    );
    expect(
      Object.keys((decodeOrExplain(withHeader(manyNames)) as ReturnType<typeof decodeSafetensors>).tensors),
    ).toHaveLength(20_000);
  });
});
