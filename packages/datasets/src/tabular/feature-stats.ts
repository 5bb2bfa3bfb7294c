import { formatShape, formatValue, Tensor } from '@scratchnet/tensor';

/**
 * Per-feature mean and standard deviation of a table's training rows: what `normalizeFeatures`
 * subtracts and divides by. Plain JSON, so that it is saved with a model and applied again to the
 * rows it predicts on.
 */
export interface FeatureStats {
  /** Column names, in the order of the model's inputs. */
  features: string[];
  mean: number[];
  /** Population standard deviation; 1 for a column that is constant in the training rows. */
  std: number[];
}

function checkTable(x: Tensor, width: number, op: string): void {
  if (!(x instanceof Tensor) || x.rank !== 2 || x.shape[1] !== width) {
    throw new Error(
      `${op}: x must be a table [rows, ${width}], got ${x instanceof Tensor ? formatShape(x.shape) : formatValue(x)}`,
    );
  }
}

/** The mean and standard deviation of each column of `x` `[rows, features]` (summed in float64). */
export function featureStats(x: Tensor, features: readonly string[]): FeatureStats {
  checkTable(x, features.length, 'featureStats');
  const [rows, width] = x.shape;
  if (rows === 0) throw new Error('featureStats: needs at least one row');
  const mean = new Float64Array(width);
  const square = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) mean[c] += x.data[r * width + c];
  }
  for (let c = 0; c < width; c++) mean[c] /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) square[c] += (x.data[r * width + c] - mean[c]) ** 2;
  }
  const std = Array.from(square, (s) => Math.sqrt(s / rows) || 1);
  return { features: [...features], mean: Array.from(mean), std };
}

/** `(x - mean) / std` column by column, as a new float32 tensor. */
export function normalizeFeatures(x: Tensor, stats: FeatureStats): Tensor {
  checkTable(x, stats.features.length, 'normalizeFeatures');
  const width = stats.features.length;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const c = i % width;
    out[i] = (x.data[i] - stats.mean[c]) / stats.std[c];
  }
  return new Tensor(out, x.shape);
}

/**
 * Normalises every part of a split with the statistics of its `train` part alone (the validation
 * and test rows must not leak into them), and returns those statistics to save with the model.
 */
export function normalizeSplits<S extends { train: { x: Tensor } }>(
  parts: S,
  features: readonly string[],
): { parts: S; stats: FeatureStats } {
  const stats = featureStats(parts.train.x, features);
  const normalized = Object.fromEntries(
    Object.entries(parts).map(([k, part]) => [
      k,
      part?.x instanceof Tensor ? { ...part, x: normalizeFeatures(part.x, stats) } : part,
    ]),
  );
  return { parts: normalized as S, stats };
}

/** `value` as FeatureStats (read back from a model file), or an error saying what is wrong with it. */
export function checkFeatureStats(value: unknown, source: string): FeatureStats {
  const s = value as Partial<FeatureStats> | null;
  const bad = (what: string) => new Error(`${source}: feature statistics ${what}`);
  if (!s || typeof s !== 'object') throw bad(`must be an object, got ${formatValue(value)}`);
  const { features, mean, std } = s;
  if (!Array.isArray(features) || features.length === 0 || !features.every((f) => typeof f === 'string'))
    throw bad('need "features", a non-empty list of column names');
  for (const [name, list] of [
    ['mean', mean],
    ['std', std],
  ] as const) {
    if (!Array.isArray(list) || list.length !== features.length)
      throw bad(`need "${name}", one number per feature (${features.length})`);
    const at = list.findIndex(
      (v) => typeof v !== 'number' || !Number.isFinite(v) || (name === 'std' && v <= 0),
    );
    if (at >= 0) throw bad(`"${name}" of ${features[at]} is ${formatValue(list[at])}`);
  }
  return { features: [...features], mean: [...(mean as number[])], std: [...(std as number[])] };
}
