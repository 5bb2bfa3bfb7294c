import { formatShape, Tensor } from '@scratchnet/tensor';

/** Class indices, one per row of the prediction. */
export type ClassIndices = Int32Array | Uint8Array | readonly number[];

/** Class indices, or a tensor of the prediction's shape (one-hot, probabilities, regression targets). */
export type Target = ClassIndices | Tensor;

/** Throws unless `pred` is [N, C]; returns N and C. */
export function requireMatrix(op: string, pred: Tensor): { n: number; c: number } {
  if (!(pred instanceof Tensor)) throw new Error(`${op}: pred must be a Tensor, got ${describeValue(pred)}`);
  if (pred.rank !== 2) {
    throw new Error(`${op}: pred must be 2-D [batch, classes], got shape ${formatShape(pred.shape)}`);
  }
  const [n, c] = pred.shape;
  if (n === 0 || c === 0) throw new Error(`${op}: pred of shape ${formatShape(pred.shape)} is empty`);
  return { n, c };
}

/** Throws unless `target` is a Tensor of pred's shape and dtype. */
export function requireTensorLike(op: string, pred: Tensor, target: unknown): Tensor {
  if (!(pred instanceof Tensor)) throw new Error(`${op}: pred must be a Tensor, got ${describeValue(pred)}`);
  if (!(target instanceof Tensor)) {
    throw new Error(
      `${op}: target must be a Tensor of shape ${formatShape(pred.shape)}, got ${describeValue(target)}`,
    );
  }
  if (!target.equalShape(pred)) {
    throw new Error(
      `${op}: target shape ${formatShape(target.shape)} does not match pred shape ${formatShape(pred.shape)}`,
    );
  }
  if (target.dtype !== pred.dtype) {
    throw new Error(`${op}: target dtype ${target.dtype} does not match pred dtype ${pred.dtype}`);
  }
  return target;
}

/** Validates one class index per row (integers in [0, classes)) and returns them as an Int32Array. */
export function readClassIndices(op: string, target: unknown, n: number, classes: number): Int32Array {
  if (!(Array.isArray(target) || target instanceof Int32Array || target instanceof Uint8Array)) {
    throw new Error(
      `${op}: target must be class indices (Int32Array, Uint8Array or number[]) or a Tensor, got ${describeValue(target)}`,
    );
  }
  const indices = target as ClassIndices;
  if (indices.length !== n) {
    throw new Error(`${op}: target has ${indices.length} class indices but the batch has ${n} rows`);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i];
    if (typeof k !== 'number' || !Number.isInteger(k)) {
      throw new Error(`${op}: class index at position ${i} must be an integer, got ${String(k)}`);
    }
    if (k < 0 || k >= classes) {
      throw new Error(`${op}: class index ${k} at position ${i} is out of range for ${classes} classes`);
    }
    out[i] = k;
  }
  return out;
}

/**
 * The dense target distribution q [N*C] in float64, with PyTorch's label smoothing
 * q = (1 - s) * t + s / C, for index targets (t one-hot) and tensor targets alike.
 */
export function targetDistribution(
  op: string,
  pred: Tensor,
  target: Target,
  labelSmoothing = 0,
): Float64Array {
  const { n, c } = requireMatrix(op, pred);
  const keep = 1 - labelSmoothing;
  const q = new Float64Array(n * c).fill(labelSmoothing / c);
  if (target instanceof Tensor) {
    const t = requireTensorLike(op, pred, target).data;
    for (let i = 0; i < q.length; i++) q[i] += keep * t[i];
  } else {
    const indices = readClassIndices(op, target, n, c);
    for (let i = 0; i < n; i++) q[i * c + indices[i]] += keep;
  }
  return q;
}

export function parseLabelSmoothing(op: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new Error(`${op}: labelSmoothing must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}

export function describeValue(value: unknown): string {
  if (value instanceof Tensor) return `a ${value.dtype} Tensor of shape ${formatShape(value.shape)}`;
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value).slice(8, -1);
}
