import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { RasterImage } from '../images/gray-from-raster';
import { encodePgm } from '../images/pgm';
import { decodeImage, encodePng } from './decode-image';

// Seeded and bounded: the same 10,500 cases on every run, a few seconds.
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

/** An RGBA copy, as jpeg-js's encoder takes. */
function rgba({ width, height, channels, data }: RasterImage): Uint8Array {
  return Uint8Array.from({ length: width * height * 4 }, (_, k) =>
    k % 4 === 3 ? 255 : data[Math.floor(k / 4) * channels + Math.min(k % 4, channels - 1)],
  );
}
const encodeJpeg = (i: RasterImage) =>
  new Uint8Array(jpeg.encode({ width: i.width, height: i.height, data: rgba(i) }, 90).data);

// jpeg-js's encoder builds its tables on every call (tens of ms): a fixed pool of JPEGs, mutated below.
const JPEGS = fc.sample(image, { seed: 7, numRuns: 16 }).map(encodeJpeg);

const encoded = fc.oneof(
  image.map(encodePng),
  fc.constantFrom(...JPEGS),
  image.map((i) => encodePgm({ ...i, channels: 1, data: i.data.subarray(0, i.width * i.height) })),
);

/** A PNG chunk with its length and CRC. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** A grey 8-bit PNG with the given IHDR size and IDAT payload, every CRC right. */
function png(width: number, height: number, idat: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array())];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** A JPEG whose frame header (SOF0) declares `width x height`. */
function jpegOfSize(width: number, height: number): Uint8Array {
  const bytes = JPEGS[0].slice();
  const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
  new DataView(bytes.buffer).setUint16(sof + 5, height);
  new DataView(bytes.buffer).setUint16(sof + 7, width);
  return bytes;
}

describe('decodeImage (PNG, JPEG and PGM) under random and corrupted input', () => {
  it('random bytes, also behind a PNG, JPEG or PGM signature, decode consistently or are refused', () => {
    const prefix = fc.constantFrom(
      new Uint8Array(),
      PNG_SIGNATURE,
      Uint8Array.of(0xff, 0xd8, 0xff),
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

  it('valid images decode; every truncation is refused; a flipped bit decodes consistently or is refused', () => {
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
  }, 30_000);

  it('a PNG whose chunks are corrupted (a CRC byte of IDAT or IEND) is refused by name', () => {
    fc.assert(
      fc.property(image, fc.nat(), (img, at) => {
        const bytes = encodePng(img);
        // From the end: IEND is 12 bytes (its CRC the last 4), IDAT's CRC the 4 before.
        const crcAt = bytes.length - 1 - (at % 8) - (at % 8 >= 4 ? 8 : 0);
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
        const [jw, jh] = [8193 + (w % 57343), 8193 + (h % 57343)];
        expect(() => decodeImage(jpegOfSize(jw, jh), 'in.img')).toThrow(
          /^in\.img: corrupt JPEG \(maxResolutionInMP limit exceeded/,
        );
      }),
      runs(2500),
    );
  }, 30_000);

  it('image data that inflates short is refused, whatever stale memory pngjs would read', () => {
    for (let n = 0; n < 4160; n += 97) {
      expect(() => decodeImage(png(64, 64, deflateSync(new Uint8Array(n))), 'in.img')).toThrow(
        `in.img: truncated PNG (image data inflates to ${n} bytes, its rows need 4160)`,
      );
    }
    expect(decodeImage(png(64, 64, deflateSync(new Uint8Array(4160))), 'in.img').data.length).toBe(
      64 * 64 * 4,
    );
  });

  it('a small file claiming a large image is refused without inflating or allocating it', () => {
    // 4096x4096 grey: a 16 MB image; its IDAT inflates to far more than the rows need (a zip bomb).
    const bomb = png(4096, 4096, deflateSync(new Uint8Array(64 * 2 ** 20)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decodeImage(bomb, 'in.img')).toThrow(/^in\.img: truncated PNG \(/);
    const short = png(4096, 4096, deflateSync(new Uint8Array(1000)));
    expect(() => decodeImage(short, 'in.img')).toThrow(
      'in.img: truncated PNG (image data inflates to 1000 bytes, its rows need 16781312)',
    );
    expect(() => decodeImage(new TextEncoder().encode('P2 8192 8192 255\n1 2 3'), 'in.img')).toThrow(
      /^in\.img: truncated PGM \(8192x8192 needs at least 67108864 bytes of pixel text, found 6\)$/,
    );
    expect(() =>
      decodeImage(new TextEncoder().encode(`P2 ${'9'.repeat(500_000)} 1 255\n`), 'in.img'),
    ).toThrow(/^in\.img: corrupt PGM \(the width has more than 10 digits at byte 3\)$/);
  });
});
