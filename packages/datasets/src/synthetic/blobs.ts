import type { Rng } from '@scratchnet/tensor';
import { buildPointSet, checkCount, type PointSet, type PointSetOptions } from './point-set';

export interface BlobsOptions extends Omit<PointSetOptions, 'noise'> {
  /** Cluster centres, or how many to draw uniformly in [-10, 10]² (default 3). */
  centers?: number | readonly (readonly [number, number])[];
  /** Standard deviation of each cluster (default 1). */
  std?: number;
}

function drawCenters(count: number, rng: Rng): [number, number][] {
  return Array.from(
    { length: count },
    () => [20 * rng.next() - 10, 20 * rng.next() - 10] as [number, number],
  );
}

/** Isotropic Gaussian clusters (scikit-learn's make_blobs), one class per centre. */
export function blobs(options: BlobsOptions): PointSet {
  const given = options?.centers ?? 3;
  const count = typeof given === 'number' ? given : given.length;
  checkCount('blobs', 'centers', count, 1, 256);
  const std = options.std ?? 1;
  if (!(Number.isFinite(std) && std >= 0))
    throw new Error(`blobs: std must be a finite number >= 0, got ${std}`);
  if (typeof given !== 'number' && !given.every((c) => c.length === 2 && c.every(Number.isFinite))) {
    throw new Error(`blobs: centers must be [x, y] pairs of finite numbers, got ${JSON.stringify(given)}`);
  }
  let centers: readonly (readonly [number, number])[] | undefined =
    typeof given === 'number' ? undefined : given;
  return buildPointSet('blobs', { ...options, noise: std }, std, count, (_i, label, rng, out) => {
    centers ??= drawCenters(count, rng);
    out[0] = centers[label][0];
    out[1] = centers[label][1];
  });
}
