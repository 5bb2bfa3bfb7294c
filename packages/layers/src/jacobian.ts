import { formatShape, Tensor } from '@scratchnet/tensor';
import { type Differentiable, preserveState } from './differentiable';

export interface JacobianOptions {
  /**
   * 'backward' (default): row i is backward(eᵢ) — exact up to rounding, any dtype.
   * 'finite-differences': column j is (f(x + ε·eⱼ) − f(x − ε·eⱼ)) / 2ε — float64 only.
   */
  method?: 'backward' | 'finite-differences';
  eps?: number;
  training?: boolean;
  /** Called before every forward, e.g. to reseed a Dropout so that each call draws the same mask. */
  reset?: () => void;
}

/**
 * The full Jacobian dY/dX as a Tensor [y.size, x.size] at x, so that for every layer
 * backward(dy) = Jᵀ·dy. Leaves parameter gradients and buffers as they were.
 */
export function jacobian(target: Differentiable, x: Tensor, options: JacobianOptions = {}): Tensor {
  const { method = 'backward', eps = 1e-6, training, reset } = options;
  const forwardOptions = training === undefined ? undefined : { training };
  const run = (input: Tensor) => {
    reset?.();
    return target.forward(input, forwardOptions);
  };
  const restore = preserveState(target);
  try {
    if (method === 'backward') {
      const y = run(x);
      const rows = Tensor.zeros([y.size, x.size], { dtype: x.dtype });
      const dy = Tensor.zeros(y.shape, { dtype: y.dtype });
      for (let i = 0; i < y.size; i++) {
        dy.data.fill(0);
        dy.data[i] = 1;
        rows.data.set(target.backward(dy).data, i * x.size);
      }
      return rows;
    }
    if (method !== 'finite-differences')
      throw new Error(`jacobian: unknown method ${JSON.stringify(method)}`);
    if (x.dtype !== 'float64') {
      throw new Error(
        `jacobian: finite differences need a float64 input, got ${x.dtype} ${formatShape(x.shape)}`,
      );
    }
    const probe = x.clone();
    const outputSize = run(probe).size;
    const out = Tensor.zeros([outputSize, x.size], { dtype: 'float64' });
    for (let j = 0; j < x.size; j++) {
      probe.data[j] = x.data[j] + eps;
      // Copies: a layer may return a view of its input (Flatten, Dropout in eval).
      const plus = run(probe).data.slice();
      probe.data[j] = x.data[j] - eps;
      const minus = run(probe).data.slice();
      probe.data[j] = x.data[j];
      for (let i = 0; i < outputSize; i++) out.data[i * x.size + j] = (plus[i] - minus[i]) / (2 * eps);
    }
    return out;
  } finally {
    restore();
  }
}
