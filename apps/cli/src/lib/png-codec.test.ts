import { deflateSync } from 'node:zlib';
import type { RasterImage } from '@scratchnet/datasets';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';
import { PNG_SIGNATURE, writeChunk } from './png-chunks';
import { decodePng } from './png-decode';
import { encodePng } from './png-encode';

function randomImage(
  width: number,
  height: number,
  channels: RasterImage['channels'],
  seed: number,
): RasterImage {
  let s = seed;
  const data = Uint8Array.from({ length: width * height * channels }, () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  });
  return { width, height, channels, data };
}

/** A PNG assembled by hand from IHDR fields and already-filtered scanlines. */
function pngFromParts(header: number[], raw: Uint8Array, extra: Uint8Array[] = []): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, header[0]);
  view.setUint32(4, header[1]);
  ihdr.set(header.slice(2), 8);
  return Buffer.concat([
    PNG_SIGNATURE,
    writeChunk('IHDR', ihdr),
    ...extra,
    writeChunk('IDAT', deflateSync(raw)),
    writeChunk('IEND', new Uint8Array(0)),
  ]);
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('PNG encode/decode', () => {
  it.each([1, 2, 3, 4] as const)('round-trips %i-channel images', (channels) => {
    const image = randomImage(7, 5, channels, channels);
    const decoded = decodePng(encodePng(image));
    expect(decoded).toEqual(image);
  });

  it('undoes every row filter (None, Sub, Up, Average, Paeth)', () => {
    // Grey 3x5: row y uses filter y; the filtered bytes are chosen so each row decodes to known pixels.
    const width = 3;
    const expected = [
      [10, 20, 30],
      [1, 2, 3],
      [11, 22, 33],
      [50, 60, 70],
      [200, 100, 0],
    ];
    const paeth = (a: number, b: number, c: number) => {
      const p = a + b - c;
      const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    };
    const raw: number[] = [];
    expected.forEach((row, y) => {
      raw.push(y);
      row.forEach((v, x) => {
        const a = x > 0 ? row[x - 1] : 0;
        const b = y > 0 ? expected[y - 1][x] : 0;
        const c = x > 0 && y > 0 ? expected[y - 1][x - 1] : 0;
        const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][y];
        raw.push((v - predictor) & 0xff);
      });
    });
    const decoded = decodePng(pngFromParts([width, 5, 8, 0, 0, 0, 0], Uint8Array.from(raw)));
    expect(Array.from(decoded.data)).toEqual(expected.flat());
  });

  it('expands palette images, with tRNS alpha', () => {
    const plte = writeChunk('PLTE', Uint8Array.of(255, 0, 0, 0, 0, 255));
    const trns = writeChunk('tRNS', Uint8Array.of(128));
    const raw = Uint8Array.of(0, 0, 1);
    expect(decodePng(pngFromParts([2, 1, 8, 3, 0, 0, 0], raw, [plte]))).toEqual({
      width: 2,
      height: 1,
      channels: 3,
      data: Uint8Array.of(255, 0, 0, 0, 0, 255),
    });
    const withAlpha = decodePng(pngFromParts([2, 1, 8, 3, 0, 0, 0], raw, [plte, trns]));
    expect(Array.from(withAlpha.data)).toEqual([255, 0, 0, 128, 0, 0, 255, 255]);
  });

  it('names the file and the problem for corrupt or unsupported input', () => {
    const good = encodePng(randomImage(4, 4, 1, 9));
    expect(() => decodePng(Uint8Array.of(1, 2, 3), 'a.png')).toThrow('a.png: not a PNG file (bad signature)');
    expect(() => decodePng(good.subarray(0, 40), 'b.png')).toThrow(/b\.png: truncated PNG/);
    const flipped = good.slice();
    flipped[45] ^= 0xff; // inside the IDAT data (signature 8 + IHDR 25 + IDAT header 8 = 41)
    expect(() => decodePng(flipped, 'c.png')).toThrow(/c\.png: corrupt PNG \(CRC mismatch in chunk IDAT/);
    expect(() => decodePng(pngFromParts([1, 1, 16, 0, 0, 0, 0], new Uint8Array(3)), 'd.png')).toThrow(
      'd.png: unsupported PNG (bit depth 16)',
    );
    expect(() => decodePng(pngFromParts([1, 1, 8, 0, 0, 0, 1], new Uint8Array(2)), 'e.png')).toThrow(
      'e.png: unsupported PNG (Adam7 interlacing)',
    );
    expect(() => decodePng(pngFromParts([1, 1, 8, 0, 0, 0, 0], Uint8Array.of(9, 0)), 'f.png')).toThrow(
      'f.png: corrupt PNG (row 0 has unknown filter type 9)',
    );
    expect(() => decodePng(pngFromParts([2, 2, 8, 0, 0, 0, 0], new Uint8Array(3)), 'g.png')).toThrow(
      'g.png: corrupt PNG (image data holds 3 bytes, expected 6)',
    );
    expect(() => decodePng(pngFromParts([1, 1, 8, 3, 0, 0, 0], Uint8Array.of(0, 0)), 'h.png')).toThrow(
      /h\.png: corrupt PNG \(palette image without a valid PLTE/,
    );
  });

  it('rejects a buffer that does not match the declared size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) })).toThrow(
      'encodePng: 2x2x3 needs 12 bytes, got 11',
    );
  });
});
