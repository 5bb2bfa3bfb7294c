import { clipGradNorm } from '@scratchnet/optimizers';
import { argmax, type StepArena, type Tensor } from '@scratchnet/tensor';
import type { LossFunction, TrainableModel, TrainingOptimizer } from './model-types';

export interface TrainStepOptions {
  loss: LossFunction;
  optimizer: TrainingOptimizer;
  /** Rescale the gradients to this 2-norm at most before the update (see `FitOptions`). */
  clipGradNorm?: number;
  /** Reuse this arena's arrays for the step's activations and gradients (`fit` keeps one per run). */
  arena?: StepArena;
}

export interface TrainStepResult {
  /** The batch's mean loss; when it is not finite the step stopped there and nothing was updated. */
  loss: number;
  /** How many of the batch's predictions were right. */
  correct: number;
  /** The gradients' 2-norm before clipping, when `clipGradNorm` was given. */
  gradNorm?: number;
}

/**
 * One optimizer step on one batch, as `fit` takes it: forward, loss, the parameter gradients
 * (without the input's, which nobody reads), clipping, the update, and the batch's score.
 */
export function trainStep(
  model: TrainableModel,
  batch: { x: Tensor; labels: ArrayLike<number> },
  options: TrainStepOptions,
): TrainStepResult {
  const step = (): TrainStepResult => {
    const { loss, optimizer } = options;
    optimizer.zeroGrad();
    const logits = model.forward(batch.x, { training: true });
    const value = loss.forward(logits, batch.labels);
    if (!Number.isFinite(value)) return { loss: value, correct: 0 };
    const dLogits = loss.backward();
    if (model.backwardParameters) model.backwardParameters(dLogits);
    else model.backward(dLogits);
    const gradNorm =
      options.clipGradNorm === undefined ? undefined : clipGradNorm(model.parameters(), options.clipGradNorm);
    optimizer.step();
    const predicted = argmax(logits, 1);
    let correct = 0;
    for (let i = 0; i < batch.labels.length; i++) if (predicted[i] === batch.labels[i]) correct++;
    return gradNorm === undefined ? { loss: value, correct } : { loss: value, correct, gradNorm };
  };
  return options.arena ? options.arena.run(step) : step();
}
