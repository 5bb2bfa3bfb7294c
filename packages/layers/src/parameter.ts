import { type FloatArray, formatShape, Tensor } from '@scratchnet/tensor';

/** A trainable tensor and the gradient that `backward` accumulates into it. */
export interface Parameter {
  name: string;
  value: Tensor;
  grad: Tensor;
}

/** A named state tensor that is not trained (BatchNorm's running statistics). */
export interface NamedBuffer {
  name: string;
  value: Tensor;
  /**
   * The buffer counts things (BatchNorm's `num_batches_tracked`): it holds integers only, is saved
   * as an integer type (I64, as PyTorch's int64 buffers) and refuses fractional values on load.
   */
  integer?: boolean;
}

export function createParameter(name: string, value: Tensor): Parameter {
  return { name, value, grad: Tensor.zeros(value.shape, { dtype: value.dtype }) };
}

/** grad += delta, element by element (the accumulation rule of every backward). */
export function accumulateGrad(parameter: Parameter, delta: FloatArray): void {
  const grad = parameter.grad.data;
  if (delta.length !== grad.length) {
    throw new Error(
      `accumulateGrad: ${parameter.name} has ${grad.length} elements ${formatShape(parameter.grad.shape)}, the update has ${delta.length}`,
    );
  }
  for (let i = 0; i < grad.length; i++) grad[i] += delta[i];
}

/** The same parameter seen under another name: reads and writes go to the original. */
export function renamedParameter(name: string, inner: Parameter): Parameter {
  return {
    name,
    get value() {
      return inner.value;
    },
    set value(v: Tensor) {
      inner.value = v;
    },
    get grad() {
      return inner.grad;
    },
    set grad(g: Tensor) {
      inner.grad = g;
    },
  };
}
