import type { Rng } from '@scratchnet/tensor';
import { type Augmentation, checkImageShape, copyWindow } from './augmentation';

export interface RandomShiftOptions {
  /** Largest translation in pixels, along each axis (integer >= 0). */
  maxShift: number;
  /** Own generator; leave it out inside a DataLoader so that each epoch is reproducible alone. */
  rng?: Rng;
}

/** Translates each image by whole pixels drawn uniformly from [-maxShift, maxShift] per axis, zero fill. */
export function randomShift(options: RandomShiftOptions): Augmentation {
  const { maxShift, rng } = options ?? ({} as RandomShiftOptions);
  if (!Number.isInteger(maxShift) || maxShift < 0) {
    throw new Error(`randomShift: maxShift must be an integer >= 0, got ${String(maxShift)}`);
  }
  return {
    name: `randomShift(${maxShift})`,
    rng,
    outputShape: (sample) => [...checkImageShape('randomShift', sample)],
    apply(src, dst, sample, r) {
      const [, height, width] = checkImageShape('randomShift', sample);
      const dy = r.int(2 * maxShift + 1) - maxShift;
      const dx = r.int(2 * maxShift + 1) - maxShift;
      copyWindow(src, dst, sample, height, width, -dy, -dx);
    },
  };
}
