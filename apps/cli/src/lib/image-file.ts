import type { RasterImage } from '@scratchnet/datasets';
import { readImage } from '@scratchnet/datasets/node';
import { asInputError } from './errors';

/** Reads and decodes a PNG, JPEG or PGM file (as imageFolder does); a missing or bad file is bad input. */
export function readImageFile(path: string): RasterImage {
  return asInputError(() => readImage(path));
}
