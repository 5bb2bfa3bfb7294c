import { Tensor } from '@scratchnet/tensor';

/**
 * The gate blocks of a recurrent weight in ONNX's order, as indices of PyTorch's (and scratchnet's)
 * blocks. LSTM: PyTorch i, f, g, o; ONNX i, o, f, c. GRU: PyTorch r, z, n; ONNX z, r, h (with
 * linear_before_reset = 1, which is PyTorch's GRU). Export and import both read this one table.
 */
export const ONNX_GATE_ORDER = {
  LSTM: [0, 3, 1, 2],
  GRU: [1, 0, 2],
} as const;

export type RecurrentKind = keyof typeof ONNX_GATE_ORDER;

/** The order that undoes `order`: block `order[j]` goes back to place j. */
export function inverseOrder(order: readonly number[]): number[] {
  const inverse = new Array<number>(order.length);
  order.forEach((from, to) => {
    inverse[from] = to;
  });
  return inverse;
}

/**
 * `data` [G·H, …] (G blocks of `blockSize` values, one per gate) with its blocks rearranged so
 * that block j of the result is block `order[j]` of `data`.
 */
export function reorderGates(data: Tensor, order: readonly number[]): Tensor {
  const blockSize = data.size / order.length;
  const out = Tensor.zeros(data.shape, { dtype: data.dtype });
  order.forEach((from, to) => {
    out.data.set(data.data.subarray(from * blockSize, (from + 1) * blockSize), to * blockSize);
  });
  return out;
}
