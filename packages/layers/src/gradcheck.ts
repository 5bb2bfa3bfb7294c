import { createRng, formatShape, Tensor } from '@scratchnet/tensor';
import { type Differentiable, preserveState, zeroGrads } from './differentiable';

export interface GradcheckOptions {
  /** Central-difference step (default 1e-6). */
  eps?: number;
  /** An element passes when |analytic − numeric| ≤ atol + rtol·|numeric| (defaults 1e-8, 1e-6). */
  atol?: number;
  rtol?: number;
  /** Seed of the random projection r in L = Σ y·r (default 0). */
  seed?: number;
  /** Mode of every forward call (default: the target's own mode). */
  training?: boolean;
  /** Called before every forward, e.g. to reseed a Dropout so that each call draws the same mask. */
  reset?: () => void;
  /**
   * The input holds indices (Embedding's token ids), which have no gradient: it is not perturbed,
   * and the check of dL/dx is that backward returns zeros.
   */
  indexInput?: boolean;
}

export interface GradientErrors {
  maxAbsError: number;
  /** max |a − n| / max(|a|, |n|) over elements where either is non-zero. */
  maxRelError: number;
  /** The flat index of the element furthest outside its tolerance (or closest to it). */
  worstIndex: number;
  ok: boolean;
}

export interface GradcheckReport {
  ok: boolean;
  input: GradientErrors;
  parameters: Record<string, GradientErrors>;
}

function requireFloat64(what: string, t: Tensor): void {
  if (t.dtype !== 'float64') {
    throw new Error(
      `gradcheck: ${what} is ${t.dtype} ${formatShape(t.shape)}; gradcheck needs float64 everywhere (build the layer with { dtype: 'float64' } and pass a float64 input) because float32 finite differences are too noisy to judge`,
    );
  }
}

function compare(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  atol: number,
  rtol: number,
): GradientErrors {
  const errors: GradientErrors = { maxAbsError: 0, maxRelError: 0, worstIndex: -1, ok: true };
  let worstRatio = -1;
  for (let i = 0; i < numeric.length; i++) {
    const diff = Math.abs(analytic[i] - numeric[i]);
    const scale = Math.max(Math.abs(analytic[i]), Math.abs(numeric[i]));
    errors.maxAbsError = Math.max(errors.maxAbsError, diff);
    if (scale > 0) errors.maxRelError = Math.max(errors.maxRelError, diff / scale);
    const ratio = diff / (atol + rtol * Math.abs(numeric[i]));
    if (!(ratio <= 1)) errors.ok = false;
    if (ratio > worstRatio || Number.isNaN(ratio)) {
      worstRatio = ratio;
      errors.worstIndex = i;
    }
  }
  return errors;
}

/**
 * Checks backward against central differences in float64 for L = Σ y·r with a seeded random r:
 * dL/dx and dL/dθ of every parameter. Restores gradients and buffers before returning.
 */
export function gradcheck(
  target: Differentiable,
  input: Tensor,
  options: GradcheckOptions = {},
): GradcheckReport {
  const { eps = 1e-6, atol = 1e-8, rtol = 1e-6, seed = 0, training, reset, indexInput = false } = options;
  if (!(eps > 0)) throw new Error(`gradcheck: eps must be positive, got ${eps}`);
  requireFloat64('the input', input);
  const params = target.parameters?.() ?? [];
  for (const p of params) requireFloat64(`parameter "${p.name}"`, p.value);
  const restore = preserveState(target);
  try {
    const x = input.clone();
    const run = () => {
      reset?.();
      return target.forward(x, training === undefined ? undefined : { training });
    };
    const y = run();
    const r = Tensor.uniform(y.shape, { rng: createRng(seed), low: -1, high: 1, dtype: 'float64' });
    const loss = () => {
      const out = run().data;
      let total = 0;
      for (let i = 0; i < out.length; i++) total += out[i] * r.data[i];
      return total;
    };
    zeroGrads(target);
    const dx = target.backward(r);
    const analytic = params.map((p) => p.grad.data.slice());
    const numericGrad = (values: Float64Array | Float32Array) => {
      const grad = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const original = values[i];
        values[i] = original + eps;
        const plus = loss();
        values[i] = original - eps;
        const minus = loss();
        values[i] = original;
        grad[i] = (plus - minus) / (2 * eps);
      }
      return grad;
    };
    const expectedDx = indexInput ? new Float64Array(x.size) : numericGrad(x.data);
    const inputErrors = compare(dx.data, expectedDx, atol, rtol);
    const parameters: Record<string, GradientErrors> = {};
    params.forEach((p, k) => {
      parameters[p.name] = compare(analytic[k], numericGrad(p.value.data), atol, rtol);
    });
    const ok = inputErrors.ok && Object.values(parameters).every((e) => e.ok);
    return { ok, input: inputErrors, parameters };
  } finally {
    restore();
  }
}
