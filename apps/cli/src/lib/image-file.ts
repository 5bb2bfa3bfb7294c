import { readFileSync } from 'node:fs';
import type { RasterImage } from '@scratchnet/datasets';
import { UsageError } from './errors';
import { decodePgm, isPgm } from './pgm';
import { isPng } from './png-chunks';
import { decodePng } from './png-decode';

/** Decodes PNG or PGM bytes, chosen by their signature. */
export function decodeImage(bytes: Uint8Array, source: string): RasterImage {
  if (isPng(bytes)) return decodePng(bytes, source);
  if (isPgm(bytes)) return decodePgm(bytes, source);
  throw new Error(`${source}: not a PNG or PGM image (unrecognised signature)`);
}

/** Reads and decodes an image file; a missing or unreadable file is bad input. */
export function readImageFile(path: string): RasterImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read the image (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  try {
    return decodeImage(bytes, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
