import type { Tensor } from '@scratchnet/tensor';
import { parseReduction, type Reduction } from './reduction';
import type { Target } from './target';

/** A loss: `forward` returns the reduced loss, `backward` its gradient with respect to `pred`. */
export interface Loss {
  forward(pred: Tensor, target: Target): number;
  backward(): Tensor;
}

export interface ReductionOptions {
  /** 'mean' (default) divides by the batch size (class losses) or the element count (elementwise losses). */
  reduction?: Reduction;
}

/**
 * Keeps what `forward` saved for `backward`, so that every loss reports a
 * backward-before-forward call the same way. `backward` may be called more than
 * once; each call returns a fresh gradient tensor.
 */
export abstract class SavedLoss<Saved> implements Loss {
  protected readonly reduction: Reduction;
  private saved: Saved | undefined;

  constructor(
    protected readonly name: string,
    options: ReductionOptions,
  ) {
    // Subclasses read their own options after this: refuse null, arrays and primitives here.
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new Error(
        `${name}: options must be an object, got ${Array.isArray(options) ? 'an array' : String(options)}`,
      );
    }
    this.reduction = parseReduction(name, options.reduction);
  }

  abstract forward(pred: Tensor, target: Target): number;
  protected abstract gradient(saved: Saved): Tensor;

  backward(): Tensor {
    if (this.saved === undefined) throw new Error(`${this.name}.backward: call forward(pred, target) first`);
    return this.gradient(this.saved);
  }

  protected save(saved: Saved): void {
    this.saved = saved;
  }
}
