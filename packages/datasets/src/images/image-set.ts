import { allocateFor, formatShape, Tensor } from '@scratchnet/tensor';
import type { IdxArray } from '../idx/parse-idx';
import { limitedCount, parseIdx } from '../idx/parse-idx';

/** Grayscale images `[N, 1, H, W]` float32 in [0, 1] with their class labels. */
export interface ImageSet {
  images: Tensor;
  labels: Uint8Array;
}

/** What an image data set's IDX files must look like. */
export interface ImageSetSpec {
  readonly name: string;
  readonly height: number;
  readonly width: number;
  readonly classes: number;
}

export const MNIST: ImageSetSpec = { name: 'MNIST', height: 28, width: 28, classes: 10 };
export const FASHION_MNIST: ImageSetSpec = { name: 'Fashion-MNIST', height: 28, width: 28, classes: 10 };

export interface ImageSetOptions {
  /** Keep only the first `limit` images (all when larger). */
  limit?: number;
}

const BYTE_TO_UNIT = Float32Array.from({ length: 256 }, (_, i) => i / 255);

function asIdx(input: Uint8Array | IdxArray, source: string): IdxArray {
  return input instanceof Uint8Array ? parseIdx(input, { source }) : input;
}

/**
 * Builds an image set from IDX images (ubyte `[N, H, W]`) and labels (ubyte `[N]`), given as raw
 * (uncompressed) bytes or already parsed. Checks the type, the image size, that the counts agree and
 * that every label is a class index.
 */
export function imageSetFromIdx(
  imagesInput: Uint8Array | IdxArray,
  labelsInput: Uint8Array | IdxArray,
  spec: ImageSetSpec,
  options: ImageSetOptions = {},
): ImageSet {
  const op = spec.name;
  const images = asIdx(imagesInput, `${op} images`);
  const labels = asIdx(labelsInput, `${op} labels`);
  const { height, width } = spec;
  if (
    images.dtype !== 'ubyte' ||
    images.dims.length !== 3 ||
    images.dims[1] !== height ||
    images.dims[2] !== width
  ) {
    throw new Error(
      `${op} images: expected ubyte IDX of dims [N, ${height}, ${width}], got ${images.dtype} ${formatShape(images.dims)}`,
    );
  }
  if (labels.dtype !== 'ubyte' || labels.dims.length !== 1) {
    throw new Error(
      `${op} labels: expected ubyte IDX of dims [N], got ${labels.dtype} ${formatShape(labels.dims)}`,
    );
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new Error(`${op}: ${images.dims[0]} images but ${labels.dims[0]} labels`);
  }
  const count = limitedCount(images.dims[0], options.limit, op);
  const labelData = (labels.data as Uint8Array).slice(0, count);
  const bad = labelData.findIndex((l) => l >= spec.classes);
  if (bad !== -1) {
    throw new Error(
      `${op} labels: label ${labelData[bad]} at index ${bad} is not a class in [0, ${spec.classes})`,
    );
  }
  const pixels = images.data as Uint8Array;
  const shape = [count, 1, height, width];
  const out = allocateFor(`${op} images`, 'float32', shape, 'tensor');
  for (let i = 0; i < out.length; i++) out[i] = BYTE_TO_UNIT[pixels[i]];
  return { images: new Tensor(out, shape), labels: labelData };
}

/**
 * MNIST from the bytes of its IDX files (uncompressed; for `.gz` use `parseIdxAsync` first and pass
 * the parsed arrays). Browser-safe: the demo page fetches the files and hands them here.
 */
export function mnistFromIdx(
  imagesBytes: Uint8Array | IdxArray,
  labelsBytes: Uint8Array | IdxArray,
  options: ImageSetOptions = {},
): ImageSet {
  return imageSetFromIdx(imagesBytes, labelsBytes, MNIST, options);
}
