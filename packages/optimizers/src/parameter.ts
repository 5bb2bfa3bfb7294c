import { formatShape, Tensor } from '@scratchnet/tensor';

/** What an optimizer updates. Layers' `Parameter { name, value, grad }` matches it structurally. */
export interface OptimizerParameter {
  name?: string;
  value: Tensor;
  grad: Tensor;
}

/** Per-parameter optimizer state: the step count and named buffers (created on first use). */
export interface ParameterState {
  step: number;
  buffers: Map<string, Tensor>;
}

export function parameterName(param: OptimizerParameter, index: number): string {
  return param.name ?? `parameter ${index}`;
}

/** Throws unless every parameter has Tensor value and grad of the same shape and dtype. */
export function checkParameters(op: string, params: readonly OptimizerParameter[]): void {
  params.forEach((p, i) => {
    const name = parameterName(p, i);
    if (!(p?.value instanceof Tensor) || !(p.grad instanceof Tensor)) {
      throw new Error(`${op}: parameter '${name}' must have Tensor value and grad`);
    }
    if (!p.grad.equalShape(p.value) || p.grad.dtype !== p.value.dtype) {
      throw new Error(
        `${op}: parameter '${name}' has grad ${p.grad.dtype} ${formatShape(p.grad.shape)} but value ${p.value.dtype} ${formatShape(p.value.shape)}`,
      );
    }
  });
}

/**
 * The gradient PyTorch's optimizers step along: negated when maximizing, plus
 * L2 weight decay folded in as grad + weightDecay * param.
 */
export function effectiveGradient(
  grad: number,
  param: number,
  weightDecay: number,
  maximize: boolean,
): number {
  const g = maximize ? -grad : grad;
  return weightDecay !== 0 ? g + weightDecay * param : g;
}
