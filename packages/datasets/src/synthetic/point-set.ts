import {
  allocate,
  type DType,
  isDType,
  type Rng,
  type RngOptions,
  resolveRng,
  Tensor,
} from '@scratchnet/tensor';

/** Points in the plane with class labels. */
export interface PointSet {
  /** `[n, 2]`. */
  x: Tensor;
  labels: Uint8Array;
}

/** `rng` or `seed`; without either the points come from the global generator (see `manualSeed`). */
export interface PointSetOptions extends RngOptions {
  /** Number of points. */
  n: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise?: number;
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
}

/** Draws the clean point of sample `i` (whose label is `i % classes`) into `out`. */
export type PointSampler = (i: number, label: number, rng: Rng, out: [number, number]) => void;

export function checkCount(op: string, name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${op}: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/**
 * Builds a point set whose sample `i` has label `i % classes` (so classes are balanced and
 * interleaved, and any head or tail of the set holds every class), plus Gaussian noise.
 */
export function buildPointSet(
  op: string,
  options: PointSetOptions,
  defaultNoise: number,
  classes: number,
  sample: PointSampler,
): PointSet {
  const n = checkCount(op, 'n', options?.n, 0, 2 ** 26);
  const noise = options.noise ?? defaultNoise;
  if (!(Number.isFinite(noise) && noise >= 0))
    throw new Error(`${op}: noise must be a finite number >= 0, got ${noise}`);
  const dtype = options.dtype ?? 'float32';
  if (!isDType(dtype))
    throw new Error(`${op}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
  checkCount(op, 'classes', classes, 1, 256);
  const rng = resolveRng(op, options);
  const data = allocate(dtype, n * 2);
  const labels = new Uint8Array(n);
  const point: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    const label = i % classes;
    sample(i, label, rng, point);
    data[2 * i] = point[0] + (noise > 0 ? noise * rng.normal() : 0);
    data[2 * i + 1] = point[1] + (noise > 0 ? noise * rng.normal() : 0);
    labels[i] = label;
  }
  return { x: new Tensor(data, [n, 2]), labels };
}
