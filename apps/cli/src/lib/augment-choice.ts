import { type Augmentation, randomCrop, randomHorizontalFlip, randomShift } from '@scratchnet/datasets';
import { formatShape } from '@scratchnet/tensor';
import { UsageError } from './errors';

/**
 * What --augment does to each training picture, drawn anew each epoch from the run's seed: gray
 * pictures (digits, whose left and right are not interchangeable) shift by up to 2 pixels; colour
 * pictures are padded by an eighth of their size, cropped back at a random place and flipped
 * left-right half of the time (the CIFAR recipe).
 */
export function augmentationFor(sampleShape: readonly number[]): Augmentation[] {
  const [channels, height, width] = sampleShape;
  if (sampleShape.length !== 3) {
    throw new UsageError(
      `--augment: shifts, crops and flips pictures; these samples have shape ${formatShape(sampleShape)}, not [channels, height, width]`,
    );
  }
  if (channels === 1) return [randomShift({ maxShift: 2 })];
  const padding = Math.max(1, Math.round(Math.min(height, width) / 8));
  return [randomCrop({ size: [height, width], padding }), randomHorizontalFlip()];
}
