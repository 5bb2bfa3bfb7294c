import { allocate, allocateFor } from '../dtype';
import { formatShape } from '../shape';
import { Tensor } from '../tensor';

/** `dim` in [−rank, rank) as a non-negative axis, or an error naming the op and the shape. */
function axis(op: string, dim: number, shape: readonly number[]): number {
  const rank = shape.length;
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new Error(
      `${op}: dim must be an integer in [${-rank}, ${rank}) for shape ${formatShape(shape)}, got ${dim}`,
    );
  }
  return dim < 0 ? dim + rank : dim;
}

/** Elements before `dim` (the number of blocks) and from `dim` on, after it (one slice's row length per unit). */
function blocks(shape: readonly number[], dim: number): { outer: number; inner: number } {
  const outer = shape.slice(0, dim).reduce((p, d) => p * d, 1);
  const inner = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
  return { outer, inner };
}

/**
 * PyTorch's torch.cat: the tensors joined along `dim`; every other dimension and the dtype must
 * match. The data is copied block by block: for each index before `dim`, each tensor's slab in turn.
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  const op = 'concat';
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new Error(`${op}: expected a non-empty array of tensors`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${op}: element ${i} is not a Tensor`);
  });
  const first = tensors[0];
  const d = axis(op, dim, first.shape);
  for (const [i, t] of tensors.entries()) {
    const fits =
      t.dtype === first.dtype &&
      t.rank === first.rank &&
      t.shape.every((size: number, k: number) => k === d || size === first.shape[k]);
    if (!fits) {
      throw new Error(
        `${op}: tensor ${i} (${t.dtype} ${formatShape(t.shape)}) does not fit tensor 0 (${first.dtype} ${formatShape(first.shape)}) along dim ${d}: every other dimension and the dtype must match`,
      );
    }
  }
  const shape = [...first.shape];
  shape[d] = tensors.reduce((total, t) => total + t.shape[d], 0);
  const { outer, inner } = blocks(shape, d);
  const out = allocateFor(op, first.dtype, shape);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const t of tensors) {
      const slab = t.shape[d] * inner;
      out.set(t.data.subarray(o * slab, (o + 1) * slab), at);
      at += slab;
    }
  }
  return new Tensor(out, shape);
}

/** PyTorch's torch.split with a list of sizes: the inverse of concat (sizes must add up to the dimension). */
export function split(t: Tensor, sizes: readonly number[], dim = 0): Tensor[] {
  const op = 'split';
  if (!(t instanceof Tensor)) throw new Error(`${op}: expected a Tensor`);
  const d = axis(op, dim, t.shape);
  const total = sizes.reduce((s, n) => s + n, 0);
  if (!sizes.every((n) => Number.isInteger(n) && n >= 0) || total !== t.shape[d]) {
    throw new Error(
      `${op}: sizes [${sizes.join(', ')}] must be non-negative integers adding up to dimension ${d} of ${formatShape(t.shape)} (${t.shape[d]})`,
    );
  }
  const { outer, inner } = blocks(t.shape, d);
  const row = t.shape[d] * inner;
  let offset = 0;
  return sizes.map((size) => {
    const shape = [...t.shape];
    shape[d] = size;
    const out = allocate(t.dtype, outer * size * inner);
    for (let o = 0; o < outer; o++) {
      out.set(t.data.subarray(o * row + offset * inner, o * row + (offset + size) * inner), o * size * inner);
    }
    offset += size;
    return new Tensor(out, shape);
  });
}
