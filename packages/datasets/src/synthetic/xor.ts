import { buildPointSet, type PointSet, type PointSetOptions } from './point-set';

/**
 * Points uniform in [-1, 1]², labelled 0 in the quadrants where x and y share a sign and 1 where
 * they differ. Default noise 0.
 */
export function xor(options: PointSetOptions): PointSet {
  return buildPointSet('xor', options, 0, 2, (_i, label, rng, out) => {
    const sx = rng.next() < 0.5 ? -1 : 1;
    const sy = label === 0 ? sx : -sx;
    out[0] = sx * (1 - rng.next());
    out[1] = sy * (1 - rng.next());
  });
}
