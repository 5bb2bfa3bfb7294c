import { createRng, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { augmentImages, composeAugmentations, copyWindow } from './augmentation';
import { randomCrop } from './random-crop';
import { randomHorizontalFlip } from './random-flip';
import { randomShift } from './random-shift';

/** Distinct non-zero pixels so that any window of an image is recognisable. */
function images(n: number, channels: number, height: number, width: number): Tensor {
  const size = n * channels * height * width;
  return new Tensor(
    Float32Array.from({ length: size }, (_, k) => k + 1),
    [n, channels, height, width],
  );
}

/** Image i of `out` read as a window of image i of `x` at offset (dy, dx), zero outside. */
function isWindow(x: Tensor, out: Tensor, i: number, dy: number, dx: number): boolean {
  const [, c, h, w] = x.shape;
  const [, , oh, ow] = out.shape;
  for (let ch = 0; ch < c; ch++) {
    for (let y = 0; y < oh; y++) {
      for (let xx = 0; xx < ow; xx++) {
        const [sy, sx] = [y + dy, xx + dx];
        const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
        const expected = inside ? x.data[((i * c + ch) * h + sy) * w + sx] : 0;
        if (out.data[((i * c + ch) * oh + y) * ow + xx] !== expected) return false;
      }
    }
  }
  return true;
}

/** All offsets in [lo, hi]² at which image i of `out` is a window of `x`. */
function offsets(x: Tensor, out: Tensor, i: number, lo: number, hi: number): [number, number][] {
  const found: [number, number][] = [];
  for (let dy = lo; dy <= hi; dy++)
    for (let dx = lo; dx <= hi; dx++) if (isWindow(x, out, i, dy, dx)) found.push([dy, dx]);
  return found;
}

describe('copyWindow', () => {
  it('moves a window with zero fill, including fully outside', () => {
    const src = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const dst = new Float32Array(9);
    copyWindow(src, dst, [1, 3, 3], 3, 3, 1, -1);
    expect(Array.from(dst)).toEqual([0, 4, 5, 0, 7, 8, 0, 0, 0]);
    copyWindow(src, dst, [1, 3, 3], 3, 3, 0, 5);
    expect(Array.from(dst)).toEqual(new Array(9).fill(0));
  });
});

describe('randomShift', () => {
  it('keeps the shape and moves each image by at most maxShift pixels, zero filled', () => {
    const x = images(20, 2, 6, 5);
    const out = augmentImages(x, randomShift({ maxShift: 2 }), createRng(1));
    expect(out.shape).toEqual(x.shape);
    const shifts = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const found = offsets(x, out, i, -2, 2);
      expect(found.length).toBe(1);
      shifts.add(found[0].join());
    }
    expect(shifts.size).toBeGreaterThan(5);
  });

  it('is seeded: same seed same output, other seed other output; its own rng wins', () => {
    const x = images(10, 1, 8, 8);
    const run = (seed: number) => augmentImages(x, randomShift({ maxShift: 3 }), createRng(seed)).data;
    expect(run(5)).toEqual(run(5));
    expect(run(6)).not.toEqual(run(5));
    const own = (s: number) =>
      augmentImages(x, randomShift({ maxShift: 3, rng: createRng(11) }), createRng(s)).data;
    expect(own(1)).toEqual(own(2));
    expect(augmentImages(x, randomShift({ maxShift: 0 }), createRng(1)).data).toEqual(x.data);
  });

  it('without an rng draws from the global generator', () => {
    const x = images(10, 1, 8, 8);
    const shift = randomShift({ maxShift: 3 });
    const fromFive = augmentImages(x, shift, createRng(5)).data;
    withManualSeed(5, () => {
      expect(augmentImages(x, shift).data).toEqual(fromFive);
      expect(augmentImages(x, shift).data).not.toEqual(fromFive);
    });
    expect(() => augmentImages(x, shift, {} as never)).toThrow(
      'augmentImages: rng must be a generator from createRng(seed), got an object without',
    );
  });

  it('rejects a bad maxShift', () => {
    expect(() => randomShift({ maxShift: 1.5 })).toThrow(
      'randomShift: maxShift must be an integer >= 0, got 1.5',
    );
  });
});

describe('randomCrop', () => {
  it('cuts a window of the zero-padded image', () => {
    const x = images(20, 1, 6, 6);
    const out = augmentImages(x, randomCrop({ size: 4, padding: 1 }), createRng(2));
    expect(out.shape).toEqual([20, 1, 4, 4]);
    const tops = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const found = offsets(x, out, i, -1, 3);
      expect(found.length).toBe(1);
      tops.add(found[0][0]);
    }
    expect(tops.size).toBeGreaterThan(2);
  });

  it('keeps the shape when size equals the image, and is the identity without padding', () => {
    const x = images(3, 1, 5, 5);
    expect(augmentImages(x, randomCrop({ size: 5, padding: 2 }), createRng(3)).shape).toEqual([3, 1, 5, 5]);
    expect(augmentImages(x, randomCrop({ size: [5, 5] }), createRng(3)).data).toEqual(x.data);
  });

  it('rejects crops that do not fit and bad options', () => {
    const x = images(1, 1, 5, 5);
    expect(() => augmentImages(x, randomCrop({ size: 8, padding: 1 }), createRng(1))).toThrow(
      'randomCrop: a 8x8 crop does not fit images [1, 5, 5] padded by 1',
    );
    expect(() => randomCrop({ size: 0 })).toThrow(
      'randomCrop: size must be an integer >= 1 or [height, width] of them, got 0',
    );
    expect(() => randomCrop({ size: 3, padding: -1 })).toThrow(
      'randomCrop: padding must be an integer >= 0, got -1',
    );
  });
});

describe('composeAugmentations', () => {
  it('chains transforms and their shapes, reproducibly', () => {
    const x = images(4, 1, 6, 6);
    const chain = [randomShift({ maxShift: 1 }), randomCrop({ size: 4 })];
    const out = augmentImages(x, chain, createRng(4));
    expect(out.shape).toEqual([4, 1, 4, 4]);
    expect(augmentImages(x, chain, createRng(4)).data).toEqual(out.data);
    expect(composeAugmentations(chain).name).toBe('randomShift(1) + randomCrop(4x4, padding 0)');
    // A shift by up to 1 then a crop at 0..2 is a window at offset -1..3 of the original.
    for (let i = 0; i < 4; i++) expect(offsets(x, out, i, -1, 3).length).toBeGreaterThan(0);
    expect(() => composeAugmentations([])).toThrow('composeAugmentations: give at least one augmentation');
    expect(() => augmentImages(new Tensor(new Float32Array(4), [4]), chain, createRng(1))).toThrow(
      'augmentImages: x must be [N, C, H, W], got [4]',
    );
  });
});

describe('randomHorizontalFlip', () => {
  it('mirrors every channel of about half the images left to right, the rest unchanged', () => {
    const x = images(200, 3, 2, 4);
    const out = augmentImages(x, randomHorizontalFlip(), createRng(9));
    const size = 3 * 2 * 4;
    let flipped = 0;
    for (let i = 0; i < 200; i++) {
      const src = x.data.subarray(i * size, (i + 1) * size);
      const dst = out.data.subarray(i * size, (i + 1) * size);
      const mirror = Float32Array.from(dst, (_, k) => src[k - (k % 4) + 3 - (k % 4)]);
      if (dst.every((v, k) => v === mirror[k])) flipped++;
      else expect(dst).toEqual(src);
    }
    expect(flipped).toBeGreaterThan(70);
    expect(flipped).toBeLessThan(130);
    expect(augmentImages(x, randomHorizontalFlip({ probability: 0 }), createRng(1)).data).toEqual(x.data);
    expect(() => randomHorizontalFlip({ probability: 2 })).toThrow(
      'randomHorizontalFlip: probability must be in [0, 1], got 2',
    );
  });
});
