import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx';
import { gunzip, parseIdxAsync } from './gzip';
import { IDX_DTYPES, type IdxDType } from './idx-dtype';
import { parseIdx } from './parse-idx';

// Values that exercise sign, the extremes of each type and (for floats) fractions and precision.
const SAMPLES: Record<IdxDType, number[]> = {
  ubyte: [0, 1, 127, 128, 255, 42],
  byte: [-128, -1, 0, 1, 127, 42],
  short: [-32768, -1, 0, 1, 32767, 1234],
  int: [-2147483648, -1, 0, 1, 2147483647, 123456789],
  float: [-1.5, 0, 0.25, 3.4e38, -1e-30, 7],
  double: [-1.5, 0, 0.1, Number.MAX_VALUE, -Number.MIN_VALUE, Math.PI],
};

describe('encodeIdx / parseIdx round trip', () => {
  it.each(IDX_DTYPES)('%s: header bytes, dims and values survive', (dtype) => {
    const values = SAMPLES[dtype];
    const bytes = encodeIdx({ dtype, dims: [2, 3], data: values });
    const codes = { ubyte: 0x08, byte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e };
    expect([...bytes.subarray(0, 12)]).toEqual([0, 0, codes[dtype], 2, 0, 0, 0, 2, 0, 0, 0, 3]);
    const parsed = parseIdx(bytes);
    expect(parsed.dtype).toBe(dtype);
    expect(parsed.dims).toEqual([2, 3]);
    // float (float32) stores each value rounded to single precision; every other type is exact.
    const expected = dtype === 'float' ? Array.from(Float32Array.from(values)) : values;
    expect(Array.from(parsed.data)).toEqual(expected);
    expect(encodeIdx(parsed)).toEqual(bytes);
  });

  it.each(IDX_DTYPES)('%s: gzip round trip through parseIdxAsync', async (dtype) => {
    const bytes = encodeIdx({ dtype, dims: [6], data: SAMPLES[dtype] });
    const fromGzip = await parseIdxAsync(gzipSync(bytes));
    expect(fromGzip).toEqual(parseIdx(bytes));
    expect(await parseIdxAsync(bytes)).toEqual(parseIdx(bytes));
  });

  it('writes dims and data big-endian', () => {
    const bytes = encodeIdx({ dtype: 'short', dims: [258], data: new Int16Array(258).fill(0x0102) });
    expect([...bytes.subarray(4, 8)]).toEqual([0, 0, 1, 2]);
    expect([...bytes.subarray(8, 10)]).toEqual([1, 2]);
  });

  it('infers the type from a typed array and handles empty data', () => {
    expect(parseIdx(encodeIdx({ dims: [2], data: new Float64Array([1, 2]) })).dtype).toBe('double');
    const empty = parseIdx(encodeIdx({ dims: [0, 28, 28], data: new Uint8Array(0) }));
    expect(empty.dims).toEqual([0, 28, 28]);
    expect(empty.data.length).toBe(0);
  });

  it('gunzip decompresses with DecompressionStream', async () => {
    const raw = Uint8Array.from({ length: 1000 }, (_, i) => i % 7);
    expect(await gunzip(gzipSync(raw))).toEqual(raw);
  });

  it('rejects inconsistent input with clear messages', () => {
    expect(() => encodeIdx({ dims: [2, 2], data: [1, 2, 3] })).toThrow(
      'encodeIdx: dtype must be one of ubyte, byte, short, int, float, double',
    );
    expect(() => encodeIdx({ dtype: 'ubyte', dims: [2, 2], data: [1, 2, 3] })).toThrow(
      'encodeIdx: dims [2, 2] need 4 values, data has 3',
    );
    expect(() => encodeIdx({ dtype: 'ubyte', dims: [1], data: [256] })).toThrow(
      'encodeIdx: value 256 at index 0 is not a ubyte (integer in [0, 255])',
    );
    expect(() => encodeIdx({ dtype: 'int', dims: [1], data: [0.5] })).toThrow(
      'value 0.5 at index 0 is not a int',
    );
    expect(() => encodeIdx({ dtype: 'ubyte', dims: [], data: [] })).toThrow(
      'encodeIdx: dims must list 1 to 255 sizes',
    );
    expect(() => encodeIdx({ dtype: 'ubyte', dims: [-1], data: [] })).toThrow(
      'hold -1, not an integer in [0, 2^32)',
    );
  });
});
