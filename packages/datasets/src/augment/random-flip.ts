import type { Rng } from '@scratchnet/tensor';
import { type Augmentation, checkImageShape } from './augmentation';

export interface RandomFlipOptions {
  /** Chance that an image is mirrored left to right (default 0.5). */
  probability?: number;
  /** Own generator; leave it out inside a DataLoader so that each epoch is reproducible alone. */
  rng?: Rng;
}

/**
 * Mirrors each image left to right with the given probability, every channel alike (for photos;
 * not for digits or text, whose mirror image is another thing).
 */
export function randomHorizontalFlip(options: RandomFlipOptions = {}): Augmentation {
  const { probability = 0.5, rng } = options ?? {};
  if (!(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
    throw new Error(`randomHorizontalFlip: probability must be in [0, 1], got ${String(probability)}`);
  }
  return {
    name: `randomHorizontalFlip(${probability})`,
    rng,
    outputShape: (sample) => [...checkImageShape('randomHorizontalFlip', sample)],
    apply(src, dst, sample, r) {
      const [channels, height, width] = checkImageShape('randomHorizontalFlip', sample);
      if (!(r.next() < probability)) {
        dst.set(src);
        return;
      }
      for (let row = 0; row < channels * height; row++) {
        const base = row * width;
        for (let x = 0; x < width; x++) dst[base + x] = src[base + width - 1 - x];
      }
    },
  };
}
