import { allocate, type DType, type FloatArray, formatShape, formatValue, Tensor } from '@scratchnet/tensor';
import { sameShape } from './same-shape';

/** Nested arrays of booleans, `true` meaning "ignore this position" (PyTorch's bool masks). */
export type BooleanMask = readonly (boolean | BooleanMask)[];

/**
 * A mask as PyTorch takes one: a float Tensor whose values are added to the attention scores
 * (−Infinity removes a position), or nested arrays of booleans where `true` removes it.
 */
export type AttentionMask = Tensor | BooleanMask;

/** The masks of one attention call, in PyTorch's meaning (`attn_mask`, `key_padding_mask`, `is_causal`). */
export interface AttentionMasks {
  /** [L, S], shared by every sample and head, or [N·numHeads, L, S], one per sample and head (n·numHeads + h). */
  attnMask?: AttentionMask | null;
  /** [N, S]: keys to ignore per sample (padding). */
  keyPaddingMask?: AttentionMask | null;
  /**
   * Masks key s for query l when s > l. PyTorch treats the flag as a hint and requires the causal
   * `attnMask` too; here the flag alone is enough, and with an `attnMask` both apply.
   */
  isCausal?: boolean;
}

/** A mask as values to add to the scores, with the shape it was given in. */
export interface AdditiveMask {
  values: FloatArray;
  shape: readonly number[];
}

/**
 * PyTorch's `nn.Transformer.generate_square_subsequent_mask(length)`: a float mask [length, length]
 * with −Infinity above the diagonal (query l may not see key s > l) and 0 elsewhere.
 */
export function causalMask(length: number, options: { dtype?: DType } = {}): Tensor {
  if (!Number.isInteger(length) || length < 1) {
    throw new Error(`causalMask: length must be a positive integer, got ${formatValue(length)}`);
  }
  const mask = Tensor.zeros([length, length], options);
  for (let l = 0; l < length; l++)
    mask.data.fill(Number.NEGATIVE_INFINITY, l * length + l + 1, (l + 1) * length);
  return mask;
}

/** The shape of nested arrays, read along their first elements (checked element by element later). */
function nestedShape(mask: BooleanMask): number[] {
  const shape: number[] = [];
  let level: unknown = mask;
  while (Array.isArray(level) && shape.length <= 3) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

/** Copies booleans into 0 / −Infinity, or names the first element that is not a boolean where one belongs. */
function booleansToAdditive(where: string, mask: BooleanMask, shape: readonly number[]): FloatArray {
  const values = allocate(
    'float64',
    shape.reduce((p, d) => p * d, 1),
  );
  let at = 0;
  const walk = (level: unknown, depth: number, index: number[]): void => {
    if (depth === shape.length) {
      if (typeof level !== 'boolean') {
        throw new Error(
          `${where} holds ${formatValue(level)} at [${index.join(', ')}]; a mask is a float Tensor or nested arrays of booleans (true = ignore)`,
        );
      }
      values[at++] = level ? Number.NEGATIVE_INFINITY : 0;
      return;
    }
    if (!Array.isArray(level) || level.length !== shape[depth]) {
      throw new Error(
        `${where} is ragged: the entry at [${index.join(', ')}] is not an array of ${shape[depth]} (the first entries give shape ${formatShape(shape)})`,
      );
    }
    level.forEach((inner, i) => {
      walk(inner, depth + 1, [...index, i]);
    });
  };
  walk(mask, 0, []);
  return values;
}

/**
 * A mask checked against the shapes it may take (`allowed`, each described for the message) and
 * against the layer's dtype, as values to add to the scores.
 */
export function additiveMask(
  owner: string,
  name: string,
  mask: AttentionMask,
  allowed: readonly { shape: readonly number[]; label: string }[],
  dtype: DType,
): AdditiveMask {
  const isTensor = mask instanceof Tensor;
  if (!isTensor && !Array.isArray(mask)) {
    throw new Error(
      `${owner}: ${name} must be a float Tensor (added to the scores) or nested arrays of booleans (true = ignore), got ${formatValue(mask)}`,
    );
  }
  const shape = isTensor ? mask.shape : nestedShape(mask);
  if (!allowed.some((a) => sameShape(a.shape, shape))) {
    const options = allowed.map((a) => `${a.label} = ${formatShape(a.shape)}`).join(' or ');
    throw new Error(`${owner}: ${name} must have shape ${options}, got ${formatShape(shape)}`);
  }
  if (!isTensor) return { values: booleansToAdditive(`${owner}: ${name}`, mask, shape), shape };
  if (mask.dtype !== dtype) {
    throw new Error(
      `${owner}: ${name} is a ${mask.dtype} Tensor; a float mask must have the layer's dtype ${dtype} (or give booleans, true = ignore)`,
    );
  }
  return { values: mask.data, shape };
}
