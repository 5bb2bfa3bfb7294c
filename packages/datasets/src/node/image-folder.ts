import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { allocateFor, Tensor } from '@scratchnet/tensor';
import { checkImageSampleSpec, type ImageSampleSpec, imageSample } from '../images/image-sample';
import { readImage } from './decode-image';

export interface ImageFolderOptions {
  /** Size every picture is resized to: one number for a square, or [height, width]. */
  size: number | readonly [number, number];
  /** 1 gray (luma), 3 RGB. */
  channels: 1 | 3;
  /**
   * The class names, in label order, that the subfolders must come from (a trained model's classes,
   * so that labels mean the same); by default the sorted names of the subfolders.
   */
  classes?: readonly string[];
}

/** Labelled pictures: `x` `[N, C, H, W]` float32 in [0, 1] (0 black), grouped by class, files in name order. */
export interface ImageFolder {
  x: Tensor;
  /** Index into `classes` of each picture. */
  labels: Int32Array;
  classes: string[];
  /** The file of each picture. */
  files: string[];
  /** What each picture was turned into: channels and size. */
  sample: ImageSampleSpec;
}

/** Names in `dir` that do not start with a dot, sorted (by UTF-16 code units, as `Array.sort`). */
function visibleEntries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `imageFolder: cannot read the folder ${dir} (${code === 'ENOENT' ? 'no such folder' : code})`,
    );
  }
  return names.filter((name) => !name.startsWith('.')).sort();
}

const isFolder = (path: string) => statSync(path).isDirectory();

function sampleSpec(options: ImageFolderOptions): ImageSampleSpec {
  const { size, channels } = options ?? ({} as ImageFolderOptions);
  const [height, width] = typeof size === 'number' ? [size, size] : (size ?? []);
  const spec = { channels, height, width };
  checkImageSampleSpec(spec, 'imageFolder');
  return spec;
}

/**
 * Reads a folder holding one subfolder per class (`dir/cat/*.png`, `dir/dog/*.jpg`): every PNG,
 * JPEG or PGM picture, decoded, made gray or RGB, and resized by area to `size` (the aspect ratio
 * is not kept). Hidden entries (names starting with a dot) are skipped; any other file that is not
 * a readable picture, an empty class folder, or fewer than two classes is an error naming it, thrown
 * before anything is returned.
 */
export function imageFolder(dir: string, options: ImageFolderOptions): ImageFolder {
  const sample = sampleSpec(options);
  const folders = visibleEntries(dir).filter((name) => isFolder(join(dir, name)));
  const classes = options.classes ? [...options.classes] : folders;
  if (!options.classes && folders.length < 2) {
    throw new Error(
      `imageFolder: ${dir} must hold one subfolder of pictures per class, at least two; found ${folders.length === 0 ? 'none' : `only ${folders[0]}`}`,
    );
  }
  const files: string[] = [];
  const labels: number[] = [];
  for (const name of folders) {
    const label = classes.indexOf(name);
    if (label < 0) {
      throw new Error(`imageFolder: ${join(dir, name)} is not one of the classes ${classes.join(', ')}`);
    }
    const pictures = visibleEntries(join(dir, name)).filter((file) => !isFolder(join(dir, name, file)));
    if (pictures.length === 0)
      throw new Error(`imageFolder: the class folder ${join(dir, name)} holds no pictures`);
    for (const file of pictures) {
      files.push(join(dir, name, file));
      labels.push(label);
    }
  }
  if (files.length === 0) throw new Error(`imageFolder: ${dir} holds no class folders`);
  const size = sample.channels * sample.height * sample.width;
  const x = allocateFor('imageFolder', 'float32', [files.length, size], 'images');
  files.forEach((file, i) => {
    x.set(imageSample(readImage(file), sample), i * size);
  });
  return {
    x: new Tensor(x, [files.length, sample.channels, sample.height, sample.width]),
    labels: Int32Array.from(labels),
    classes,
    files,
    sample,
  };
}
