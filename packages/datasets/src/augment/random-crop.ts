import { formatShape, type Rng } from '@scratchnet/tensor';
import { type Augmentation, checkImageShape, copyWindow } from './augmentation';

export interface RandomCropOptions {
  /** Output height and width (one number for a square). */
  size: number | readonly [number, number];
  /** Zeros added on every side before cropping (default 0). */
  padding?: number;
  /** Own generator; leave it out inside a DataLoader so that each epoch is reproducible alone. */
  rng?: Rng;
}

/** Pads each image with zeros, then cuts a window of `size` at a uniformly random position. */
export function randomCrop(options: RandomCropOptions): Augmentation {
  const { size, padding = 0, rng } = options ?? ({} as RandomCropOptions);
  const [outHeight, outWidth] = typeof size === 'number' ? [size, size] : (size ?? []);
  if (![outHeight, outWidth].every((d) => Number.isInteger(d) && d >= 1)) {
    throw new Error(
      `randomCrop: size must be an integer >= 1 or [height, width] of them, got ${JSON.stringify(size)}`,
    );
  }
  if (!Number.isInteger(padding) || padding < 0) {
    throw new Error(`randomCrop: padding must be an integer >= 0, got ${String(padding)}`);
  }
  const check = (sample: readonly number[]) => {
    const [channels, height, width] = checkImageShape('randomCrop', sample);
    if (outHeight > height + 2 * padding || outWidth > width + 2 * padding) {
      throw new Error(
        `randomCrop: a ${outHeight}x${outWidth} crop does not fit images ${formatShape(sample)} padded by ${padding}`,
      );
    }
    return [channels, height, width];
  };
  return {
    name: `randomCrop(${outHeight}x${outWidth}, padding ${padding})`,
    rng,
    outputShape: (sample) => [check(sample)[0], outHeight, outWidth],
    apply(src, dst, sample, r) {
      const [, height, width] = check(sample);
      const top = r.int(height + 2 * padding - outHeight + 1) - padding;
      const left = r.int(width + 2 * padding - outWidth + 1) - padding;
      copyWindow(src, dst, sample, outHeight, outWidth, top, left);
    },
  };
}
