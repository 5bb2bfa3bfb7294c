import { deflateSync } from 'node:zlib';
import type { RasterImage } from '@scratchnet/datasets';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './image-file';
import { encodePgm } from './pgm';
import { PNG_SIGNATURE, writeChunk } from './png-chunks';
import { encodePng } from './png-encode';

// Seeded and bounded: the same 10,500 cases on every run, about two seconds.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

/** Decodes, or checks the failure is a plain Error naming the file, in under 300 characters. */
function decodeOrExplain(bytes: Uint8Array): RasterImage | Error {
  try {
    return decodeImage(bytes, 'in.img');
  } catch (error) {
    expect((error as Error).constructor, (error as Error).message).toBe(Error);
    expect((error as Error).message).toMatch(/^in\.img: (not a|corrupt|truncated|unsupported) /);
    expect((error as Error).message.length).toBeLessThan(300);
    return error as Error;
  }
}

const consistent = (image: RasterImage) =>
  expect(image.data.length).toBe(image.width * image.height * image.channels);

const image = fc
  .record({
    width: fc.integer({ min: 1, max: 6 }),
    height: fc.integer({ min: 1, max: 6 }),
    channels: fc.constantFrom(1, 2, 3, 4),
  })
  .chain(({ width, height, channels }) =>
    fc
      .uint8Array({ minLength: width * height * channels, maxLength: width * height * channels })
      .map((data): RasterImage => ({ width, height, channels: channels as RasterImage['channels'], data })),
  );
const encoded = fc.oneof(
  image.map(encodePng),
  image.map((i) => encodePgm({ ...i, channels: 1, data: i.data.subarray(0, i.width * i.height) })),
);

/** A PNG with the given IHDR fields and IDAT payload, every CRC right. */
function png(width: number, height: number, idat: Uint8Array, colorType = 0): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const parts = [
    PNG_SIGNATURE,
    writeChunk('IHDR', ihdr),
    writeChunk('IDAT', idat),
    writeChunk('IEND', new Uint8Array()),
  ];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('decodeImage (PNG and PGM) under random and corrupted input', () => {
  it('random bytes, also behind a PNG or PGM signature, decode consistently or are refused', () => {
    const prefix = fc.constantFrom(
      new Uint8Array(),
      PNG_SIGNATURE,
      new TextEncoder().encode('P5 '),
      new TextEncoder().encode('P2\n'),
    );
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 80 }), (head, rest) => {
        const result = decodeOrExplain(Uint8Array.from([...head, ...rest]));
        if (!(result instanceof Error)) consistent(result);
      }),
      runs(3000),
    );
  });

  it('valid images round-trip; every truncation is refused; a flipped bit decodes consistently or is refused', () => {
    fc.assert(
      fc.property(encoded, fc.nat(), fc.integer({ min: 0, max: 7 }), (bytes, at, bit) => {
        consistent(decodeImage(bytes, 'in.img'));
        expect(decodeOrExplain(bytes.subarray(0, at % bytes.length))).toBeInstanceOf(Error);
        const flipped = bytes.slice();
        flipped[at % bytes.length] ^= 1 << bit;
        const result = decodeOrExplain(flipped);
        if (!(result instanceof Error)) consistent(result);
      }),
      runs(3000),
    );
  });

  it('a PNG whose chunks are corrupted (any CRC or length byte) is refused by name', () => {
    fc.assert(
      fc.property(image, fc.nat(), (img, at) => {
        const bytes = encodePng(img);
        const crcAt = bytes.length - 4 - 8 - ((at % 2) * 12 + 4); // IEND's or IDAT's CRC, from the end
        const broken = bytes.slice();
        broken[crcAt] ^= 0xff;
        expect(decodeOrExplain(broken)).toBeInstanceOf(Error);
      }),
      runs(2000),
    );
  });

  it('absurd dimensions are refused before allocating, whatever the data', () => {
    const side = fc.oneof(
      fc.constantFrom(100_000, 65_536, 16_385, 2 ** 31, 2 ** 32 - 1),
      fc.integer({ min: 8193, max: 2 ** 32 - 1 }),
    );
    fc.assert(
      fc.property(side, side, (w, h) => {
        expect(() => decodeImage(png(w, h, deflateSync(new Uint8Array(64))), 'in.img')).toThrow(
          `in.img: unsupported PNG size ${w}x${h}`,
        );
        expect(() => decodeImage(new TextEncoder().encode(`P5 ${w} ${h} 255\n`), 'in.img')).toThrow(
          `in.img: unsupported PGM size ${w}x${h}`,
        );
      }),
      runs(2500),
    );
  });

  it('a small file claiming a large image is refused without inflating or allocating it', () => {
    // 4096x4096 grey: a 16 MB image; its IDAT inflates to far more than the rows need (a zip bomb).
    const bomb = png(4096, 4096, deflateSync(new Uint8Array(64 * 2 ** 20)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decodeImage(bomb, 'in.img')).toThrow(
      /^in\.img: corrupt PNG \(image data inflates past the \d+ bytes/,
    );
    const truncatedIdat = png(4096, 4096, deflateSync(new Uint8Array(1000)));
    expect(() => decodeImage(truncatedIdat, 'in.img')).toThrow(
      /^in\.img: corrupt PNG \(image data holds 1000 bytes, expected 16781312\)$/,
    );
    expect(() => decodeImage(new TextEncoder().encode('P2 8192 8192 255\n1 2 3'), 'in.img')).toThrow(
      /^in\.img: truncated PGM \(8192x8192 needs at least 67108864 bytes of pixel text, found 6\)$/,
    );
    expect(() =>
      decodeImage(new TextEncoder().encode(`P2 ${'9'.repeat(500_000)} 1 255\n`), 'in.img'),
    ).toThrow(/^in\.img: corrupt PGM \(the width has more than 10 digits at byte 3\)$/);
  });
});
