import { Tensor } from '@scratchnet/tensor';

/** A float64 tensor from flat values and a shape (flat literals keep hand-checked tests compact). */
export function f64(values: number[], shape: number[] = [values.length]): Tensor {
  return Tensor.from(values, shape, { dtype: 'float64' });
}
