import type { RasterImage } from '@scratchnet/datasets';
import { readImage } from '@scratchnet/datasets/node';
import { UsageError } from './errors';

/** Reads and decodes a PNG, JPEG or PGM file (as imageFolder does); a missing or bad file is bad input. */
export function readImageFile(path: string): RasterImage {
  try {
    return readImage(path);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}
