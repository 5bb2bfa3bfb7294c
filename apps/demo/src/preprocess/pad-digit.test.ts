import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePgm } from '@scratchnet/datasets';
import { encodePng } from '@scratchnet/datasets/node';
import { describe, expect, it } from 'vitest';
// The CLI's own code for `scratchnet predict FILE`: this test holds the two apps to one preprocessing.
import { readDigitFile } from '../../../cli/src/lib/digit-file';
import { padDigit } from './pad-digit';

const [W, H] = [140, 140];

/** Distance from (x, y) to the segment a-b. */
function segmentDistance(x: number, y: number, [ax, ay, bx, by]: number[]): number {
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
}

/**
 * A "7" drawn on the pad as the canvas renders it: white strokes 14 px wide with anti-aliased edges
 * (185 distinct levels, 19 of them faint: below 0.1), on black; plus a faint speck (20/255) far from
 * the digit.
 */
function drawnSeven(): Uint8Array {
  const strokes = [
    [31.3, 28.7, 109.6, 33.2],
    [109.6, 33.2, 58.4, 121.7],
  ];
  const gray = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const d = Math.min(...strokes.map((s) => segmentDistance(x + 0.5, y + 0.5, s)));
      gray[y * W + x] = Math.round(255 * Math.max(0, Math.min(1, 7.5 - d)));
    }
  }
  gray[130 * W + 132] = 20;
  return gray;
}

const rgba = (gray: Uint8Array) =>
  Uint8ClampedArray.from({ length: gray.length * 4 }, (_, i) => (i % 4 === 3 ? 255 : gray[i >> 2]));

function saved(name: string, bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'scratchnet-demo-')), name);
  writeFileSync(file, bytes);
  return file;
}

describe('the drawing pad and `scratchnet predict`', () => {
  it('turn the same drawing into the same 28 x 28 input', () => {
    const gray = drawnSeven();
    const pixels = rgba(gray);
    const fromPad = padDigit({ width: W, height: H, data: pixels });
    const png = saved(
      'seven.png',
      encodePng({ width: W, height: H, channels: 4, data: Uint8Array.from(pixels) }),
    );
    const pgm = saved('seven.pgm', encodePgm({ width: W, height: H, channels: 1, data: gray }));
    expect(fromPad).toHaveLength(28 * 28);
    // Anti-aliased edges survive as gray levels: a thresholded or binarised copy would differ.
    expect(fromPad?.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(50);
    expect(readDigitFile(png)).toEqual(fromPad);
    expect(readDigitFile(pgm)).toEqual(fromPad);
  });

  it('agree that a blank drawing has no digit', () => {
    const black = new Uint8Array(W * H);
    expect(padDigit({ width: W, height: H, data: rgba(black) })).toBeUndefined();
    const png = saved(
      'blank.png',
      encodePng({ width: W, height: H, channels: 4, data: Uint8Array.from(rgba(black)) }),
    );
    expect(() => readDigitFile(png)).toThrow('the image is blank');
  });
});
