import { grayFromRaster, mnistPreprocess } from '@scratchnet/datasets';
import { UsageError } from './errors';
import { readImageFile } from './image-file';

/** A PNG or PGM picture of a digit as an MNIST input (28 x 28, ink 1); a blank picture is bad input. */
export function readDigitFile(path: string): Float32Array {
  const digit = mnistPreprocess(grayFromRaster(readImageFile(path)));
  if (!digit)
    throw new UsageError(
      `${path}: the image is blank (no ink found, even after inverting a light background)`,
    );
  return digit;
}
