import { DataLoader, type LabeledData } from '@scratchnet/datasets';
import { allocateFor, argmax, Tensor } from '@scratchnet/tensor';
import type { LossFunction, TrainableModel } from './model-types';

export interface EvaluateOptions {
  loss?: LossFunction;
  batchSize?: number;
}

export interface Evaluation {
  /** Mean loss over all samples (NaN when no loss was given). */
  loss: number;
  accuracy: number;
  /** Predicted class per sample. */
  predictions: Int32Array;
}

function samples(data: LabeledData): Tensor {
  return 'x' in data ? data.x : data.images;
}

/** Model outputs for every sample, in eval mode, batch by batch: [N, ...output]. */
export function predict(model: TrainableModel, x: Tensor, options: { batchSize?: number } = {}): Tensor {
  const batchSize = options.batchSize ?? 256;
  const n = x.shape[0];
  const sampleSize = x.size / Math.max(1, n);
  let out: Tensor | undefined;
  model.eval();
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const batch = new Tensor(x.data.subarray(start * sampleSize, (start + count) * sampleSize), [
      count,
      ...x.shape.slice(1),
    ]);
    const y = model.forward(batch, { training: false });
    const rowSize = y.size / count;
    if (!out) {
      const shape = [n, ...y.shape.slice(1)];
      out = new Tensor(allocateFor('predict', y.dtype, shape, 'outputs'), shape);
    }
    out.data.set(y.data, start * rowSize);
  }
  return out ?? Tensor.zeros([0]);
}

/** Loss and accuracy of a classifier over a labelled set, in eval mode. */
export function evaluate(
  model: TrainableModel,
  data: LabeledData,
  options: EvaluateOptions = {},
): Evaluation {
  const loader = new DataLoader(data, { batchSize: options.batchSize ?? 256, shuffle: false });
  const predictions = new Int32Array(loader.size);
  let lossSum = 0;
  let correct = 0;
  model.eval();
  for (const batch of loader.epoch(0)) {
    const logits = model.forward(batch.x, { training: false });
    if (options.loss) lossSum += options.loss.forward(logits, batch.labels) * batch.labels.length;
    const predicted = argmax(logits, 1);
    predictions.set(predicted, batch.index * loader.batchSize);
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === batch.labels[i]) correct++;
  }
  const n = samples(data).shape[0];
  return { loss: options.loss ? lossSum / n : Number.NaN, accuracy: correct / n, predictions };
}
