import { type DType, formatShape, type PlanRequest, type Tensor, validateShape } from '@scratchnet/tensor';
import type { AttentionMasks } from './attention-mask';
import type { JsonValue, LayerConfig } from './layer-config';
import type { NamedBuffer, Parameter } from './parameter';
import { sameShape } from './same-shape';

/**
 * Options of one forward call. Containers pass them on to every child, so attention masks given to a
 * Sequential reach each attention layer in it; other layers ignore them.
 */
export interface ForwardOptions extends AttentionMasks {
  /** Overrides the layer's own mode (set by `train()` / `eval()`) for this call. */
  training?: boolean;
}

/**
 * A differentiable block. `forward` keeps what `backward` needs; `backward(dy)` returns dx
 * and adds dL/dθ into `grad` of each parameter (it never overwrites them).
 */
export interface Layer {
  /** The class name used by summaries and model JSON ('Linear', 'Conv2d', …). */
  readonly kind: string;
  training: boolean;
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  backward(dy: Tensor): Tensor;
  /**
   * Optional: what `backward(dy)` adds into the parameters' grads, without computing dx — for
   * when nobody needs dx (a model's first layers, fed with data). Callers fall back to
   * `backward` when a layer lacks it.
   */
  backwardParameters?(dy: Tensor): void;
  parameters(): Parameter[];
  buffers(): NamedBuffer[];
  train(): this;
  eval(): this;
  outputShape(inputShape: readonly number[]): number[];
  /**
   * Optional: the backend kernel calls one training step of this layer makes on input of this
   * shape (forward, then backward), for `backendInfo(requests)` to say how each would run.
   */
  kernelCalls?(inputShape: readonly number[]): PlanRequest[];
  config(): LayerConfig;
  /** A one-line description used in error messages, e.g. "Linear(784 -> 10)". */
  toString(): string;
}

/** Duck-typed, so that tensors from a second copy of @scratchnet/tensor (ESM next to CJS) pass. */
export function requireTensor(where: string, what: string, value: unknown): void {
  const t = value as Tensor | null | undefined;
  const ok =
    !!t && Array.isArray(t.shape) && (t.data instanceof Float32Array || t.data instanceof Float64Array);
  if (!ok)
    throw new Error(`${where}: ${what} must be a Tensor, got ${Object.prototype.toString.call(value)}`);
}

interface ForwardState<Cache> {
  cache: Cache;
  outShape: readonly number[];
  dtype: DType;
}

/**
 * The shared plumbing: mode handling, input validation, "backward before forward" and dy
 * shape checks. A layer implements `checkInput`, `forwardPass` and `backwardPass`.
 */
export abstract class BaseLayer<Cache = Tensor> implements Layer {
  abstract readonly kind: string;
  training = true;
  private state: ForwardState<Cache> | undefined;

  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    requireTensor(`${this}: forward`, 'input', x);
    this.checkInput(x);
    // An input can be fine and the output it implies absurd: refuse it, naming this layer, before any work.
    validateShape(`${this}`, this.outputShape(x.shape), 'output');
    const [y, cache] = this.forwardPass(x, options.training ?? this.training, options);
    this.state = { cache, outShape: y.shape, dtype: y.dtype };
    return y;
  }

  backward(dy: Tensor): Tensor {
    return this.backwardPass(dy, this.cacheFor('backward', dy));
  }

  backwardParameters(dy: Tensor): void {
    this.parameterGradients(dy, this.cacheFor('backwardParameters', dy));
  }

  /** What forward kept, once dy has been checked against the output it came from. */
  private cacheFor(op: string, dy: Tensor): Cache {
    const state = this.state;
    if (!state) throw new Error(`${this}: ${op} called before forward`);
    requireTensor(`${this}: ${op}`, 'dy', dy);
    if (!sameShape(dy.shape, state.outShape)) {
      throw new Error(
        `${this}: ${op} expected dy of the output shape ${formatShape(state.outShape)}, got ${formatShape(dy.shape)}`,
      );
    }
    if (dy.dtype !== state.dtype)
      throw new Error(`${this}: ${op} expected ${state.dtype} dy, got ${dy.dtype}`);
    return state.cache;
  }

  parameters(): Parameter[] {
    return [];
  }

  buffers(): NamedBuffer[] {
    return [];
  }

  train(): this {
    this.training = true;
    return this;
  }

  eval(): this {
    this.training = false;
    return this;
  }

  /** The constructor arguments as JSON, set by each layer's constructor. */
  protected configArgs: JsonValue[] = [];

  config(): LayerConfig {
    return { kind: this.kind, args: structuredClone(this.configArgs) };
  }

  toString(): string {
    return `${this.kind}()`;
  }

  abstract outputShape(inputShape: readonly number[]): number[];

  /** Throws an Error naming this layer, the expected and the actual input. */
  protected abstract checkInput(x: Tensor): void;

  /** `options` carries what a layer takes beyond the mode (a recurrent layer's initial state). */
  protected abstract forwardPass(x: Tensor, training: boolean, options: ForwardOptions): [Tensor, Cache];

  protected abstract backwardPass(dy: Tensor, cache: Cache): Tensor;

  /** Adds dL/dθ into the grads; the whole backward pass unless a layer can skip dx. */
  protected parameterGradients(dy: Tensor, cache: Cache): void {
    if (this.parameters().length > 0) this.backwardPass(dy, cache);
  }

  /** "Linear(784 -> 10): expected input [N, 784], got [32, 100]". */
  protected inputError(expected: string, shape: readonly number[]): Error {
    return new Error(`${this}: expected input ${expected}, got ${formatShape(shape)}`);
  }

  protected checkDtype(x: Tensor, dtype: DType): void {
    if (x.dtype !== dtype) {
      throw new Error(
        `${this}: expected ${dtype} input (the dtype of its parameters), got ${x.dtype} input of shape ${formatShape(x.shape)}`,
      );
    }
  }
}
