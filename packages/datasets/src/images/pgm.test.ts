import { describe, expect, it } from 'vitest';
import { decodePgm, encodePgm } from './pgm';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('PGM', () => {
  it('reads P2 with comments and rescales maxval to 255', () => {
    const image = decodePgm(bytes('P2\n# a comment\n3 2 # trailing\n15\n0 15 5\n10 1 15\n'));
    expect(image).toEqual({
      width: 3,
      height: 2,
      channels: 1,
      data: Uint8Array.of(0, 255, 85, 170, 17, 255),
    });
  });

  it('round-trips P5 and reads 16-bit P5', () => {
    const image = {
      width: 4,
      height: 3,
      channels: 1 as const,
      data: Uint8Array.from({ length: 12 }, (_, i) => i * 20),
    };
    expect(decodePgm(encodePgm(image))).toEqual(image);
    const wide = Uint8Array.of(...bytes('P5 2 1 65535\n'), 0xff, 0xff, 0x80, 0x00);
    expect(Array.from(decodePgm(wide).data)).toEqual([255, 128]);
  });

  it('explains what is wrong and where', () => {
    expect(() => decodePgm(bytes('P6 1 1 255\n'), 'x.pgm')).toThrow(
      "x.pgm: not a PGM file (expected 'P2' or 'P5' at the start)",
    );
    expect(() => decodePgm(bytes('P2 2 x'), 'x.pgm')).toThrow(
      "x.pgm: corrupt PGM (expected the height at byte 5, found 'x')",
    );
    expect(() => decodePgm(bytes('P2 1 1 9 10'), 'x.pgm')).toThrow(
      'x.pgm: corrupt PGM (pixel 0 is 10, above the maximum 9)',
    );
    expect(() => decodePgm(bytes('P2 2 1 9 1'), 'x.pgm')).toThrow(
      'x.pgm: corrupt PGM (expected pixel 1 at byte 10, found the end of the file)',
    );
    expect(() => decodePgm(bytes('P5 2 2 255\nab'), 'x.pgm')).toThrow(
      'x.pgm: truncated PGM (2x2 needs 4 pixel bytes, found 2)',
    );
    expect(() => decodePgm(bytes('P2 0 1 255'), 'x.pgm')).toThrow('x.pgm: unsupported PGM size 0x1');
  });
});
