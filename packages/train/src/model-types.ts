import type { Tensor } from '@scratchnet/tensor';

/** What training needs of a model: a `Sequential` or any layer with parameters. */
export interface TrainableModel {
  forward(x: Tensor, options?: { training?: boolean }): Tensor;
  backward(dy: Tensor): Tensor;
  /** When present, `fit` calls it instead of `backward`: the parameter gradients alone (no dx). */
  backwardParameters?(dy: Tensor): void;
  parameters(): { name: string; value: Tensor; grad: Tensor }[];
  /** Parameters and buffers by name, the live tensors (what `earlyStopping({ restoreBest })` snapshots). */
  stateDict?(): Record<string, Tensor>;
  train(): unknown;
  eval(): unknown;
}

export interface LossFunction {
  forward(pred: Tensor, target: ArrayLike<number> | Tensor): number;
  backward(): Tensor;
}

export interface TrainingOptimizer {
  step(): void;
  zeroGrad(): void;
  lr: number;
}

export interface LrScheduler {
  step(): void;
}
