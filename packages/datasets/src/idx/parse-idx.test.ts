import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx';
import { parseIdx } from './parse-idx';

const ubyte = (dims: number[]) =>
  encodeIdx({ dtype: 'ubyte', dims, data: new Uint8Array(dims.reduce((p, d) => p * d, 1)) });

describe('parseIdx', () => {
  it('returns a zero-copy view for ubyte data and copies wider types', () => {
    const bytes = encodeIdx({ dtype: 'ubyte', dims: [2, 2], data: [1, 2, 3, 4] });
    const parsed = parseIdx(bytes);
    expect(parsed.data.buffer).toBe(bytes.buffer);
    bytes[12] = 9;
    expect(parsed.data[0]).toBe(9);
    const wide = encodeIdx({ dtype: 'int', dims: [2], data: [1, 2] });
    expect(parseIdx(wide).data.buffer).not.toBe(wide.buffer);
  });

  it('reads from a view with a byte offset', () => {
    const inner = encodeIdx({ dtype: 'short', dims: [3], data: [-1, 2, -3] });
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    expect(Array.from(parseIdx(outer.subarray(5)).data)).toEqual([-1, 2, -3]);
  });

  it('keeps the first `limit` items', () => {
    const parsed = parseIdx(encodeIdx({ dtype: 'float', dims: [3, 2], data: [1, 2, 3, 4, 5, 6] }), {
      limit: 2,
    });
    expect(parsed.dims).toEqual([2, 2]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4]);
    expect(parseIdx(ubyte([3, 2]), { limit: 10 }).dims).toEqual([3, 2]);
    // A limit of -0 keeps no items, with a plain 0 in the dims (the fuzzer found a -0 there).
    expect(Object.is(parseIdx(ubyte([3, 2]), { limit: -0 }).dims[0], 0)).toBe(true);
    expect(() => parseIdx(ubyte([3]), { limit: -1 })).toThrow(
      'parseIdx: limit must be an integer >= 0, got -1',
    );
  });

  describe('rejects corrupt input', () => {
    it('bad magic, showing the four bytes in hex', () => {
      const bytes = ubyte([2]);
      bytes[1] = 0xab;
      expect(() => parseIdx(bytes)).toThrow(
        'parseIdx: bad magic number 00 ab 08 01: an IDX file starts with two zero bytes',
      );
    });

    it('gzip input, with a hint', () => {
      expect(() => parseIdx(gzipSync(ubyte([2])))).toThrow(
        /bad magic number 1f 8b 08 ..: .*gzip-compressed \(1f 8b\)/,
      );
    });

    it('unknown type byte', () => {
      const bytes = ubyte([2]);
      bytes[2] = 0x0a;
      expect(() => parseIdx(bytes)).toThrow(
        'parseIdx: unknown element type byte 0x0a (magic 00 00 0a 01); known: 0x08 ubyte',
      );
    });

    it('truncated header', () => {
      expect(() => parseIdx(new Uint8Array([0, 0, 8]))).toThrow(
        'parseIdx: truncated header: the magic number needs 4 bytes, got 3 (00 00 08)',
      );
      expect(() => parseIdx(new Uint8Array(0))).toThrow('needs 4 bytes, got 0 (empty)');
      expect(() => parseIdx(ubyte([28, 28]).subarray(0, 10))).toThrow(
        'parseIdx: truncated header: 2 dimensions need 12 header bytes, got 10',
      );
    });

    it('zero dimensions', () => {
      expect(() => parseIdx(new Uint8Array([0, 0, 8, 0, 1, 2]))).toThrow(
        'parseIdx: the header declares zero dimensions (magic 00 00 08 00)',
      );
    });

    it('truncated data (dims × size > length), saying expected and actual bytes', () => {
      const bytes = encodeIdx({ dtype: 'int', dims: [3, 2], data: [1, 2, 3, 4, 5, 6] });
      expect(() => parseIdx(bytes.subarray(0, bytes.length - 1))).toThrow(
        'parseIdx: truncated data: dims [3, 2] of int (4 bytes each) need 24 data bytes, got 23',
      );
    });

    it('oversized data (dims × size < length)', () => {
      const bytes = new Uint8Array(ubyte([4]).length + 3);
      bytes.set(ubyte([4]));
      expect(() => parseIdx(bytes)).toThrow(
        'parseIdx: oversized data: dims [4] of ubyte (1 byte each) need 4 data bytes, got 7',
      );
    });

    it('dims whose product overflows', () => {
      const header = encodeIdx({ dtype: 'double', dims: [0, 0, 0], data: [] });
      const view = new DataView(header.buffer);
      for (const offset of [4, 8, 12]) view.setUint32(offset, 0xffffffff);
      expect(() => parseIdx(header)).toThrow(
        'parseIdx: truncated data: dims [4294967295, 4294967295, 4294967295] of double (8 bytes each) need more than 2^53 data bytes, got 0',
      );
    });

    it('a header of many dimensions, in a short message (the fuzzer found 33 dims making 400+ characters)', () => {
      const header = ubyte(Array(33).fill(1));
      new DataView(header.buffer).setUint32(4 + 4 * 4, 0xffffffff);
      expect(() => parseIdx(header)).toThrow(
        'parseIdx: truncated data: dims [1, 1, 1, 1, 4294967295, 1, 1, 1, 1, 1, …, 1] (rank 33) of ubyte (1 byte each) need 4294967295 data bytes, got 1',
      );
    });

    it('names the source and rejects non-bytes', () => {
      expect(() => parseIdx(new Uint8Array(2), { source: 'x.idx' })).toThrow('x.idx: truncated header');
      expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(
        'parseIdx: bytes must be a Uint8Array, got [object Array]',
      );
    });
  });
});
