import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Split = 'train' | 'test';

/** One folder a loader searches, or a place that was not configured (`dir` undefined, `why` says so). */
export interface SearchPlace {
  readonly label: string;
  readonly dir: string | undefined;
  readonly why?: string;
}

export interface ImageSetFiles {
  readonly images: string;
  readonly labels: string;
  /** Label of the place the files came from. */
  readonly place: string;
}

/** The standard IDX names of LeCun's MNIST files, shared by Fashion-MNIST. */
export function idxFileNames(split: Split): { images: string; labels: string } {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
}

function findFile(dir: string, name: string): string | undefined {
  return [name, `${name}.gz`].map((n) => join(dir, n)).find((p) => existsSync(p) && statSync(p).isFile());
}

/**
 * The first place, in order, holding both files of `split` (each plain or `.gz`), or a list of what
 * was found wanting at every place.
 */
export function locateImageSetFiles(
  split: Split,
  places: readonly SearchPlace[],
): { found: ImageSetFiles } | { report: string[] } {
  const names = idxFileNames(split);
  const report: string[] = [];
  for (const place of places) {
    if (place.dir === undefined) {
      report.push(`${place.label}: ${place.why ?? 'not set'}`);
      continue;
    }
    const where = `${place.label} (${place.dir})`;
    if (!existsSync(place.dir)) {
      report.push(`${where}: no such folder`);
      continue;
    }
    const images = findFile(place.dir, names.images);
    const labels = findFile(place.dir, names.labels);
    if (images && labels) return { found: { images, labels, place: place.label } };
    const missing = [images ? '' : names.images, labels ? '' : names.labels].filter(Boolean);
    report.push(`${where}: missing ${missing.join(' and ')}`);
  }
  return { report };
}
