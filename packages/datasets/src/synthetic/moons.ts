import { buildPointSet, type PointSet, type PointSetOptions } from './point-set';

/** Two interleaving half circles (scikit-learn's make_moons), angles drawn at random. Default noise 0.1. */
export function moons(options: PointSetOptions): PointSet {
  return buildPointSet('moons', options, 0.1, 2, (_i, label, rng, out) => {
    const t = Math.PI * rng.next();
    out[0] = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    out[1] = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
  });
}
