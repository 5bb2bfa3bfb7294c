import type { ImageSet } from '@scratchnet/datasets';
import { argmax, Tensor } from '@scratchnet/tensor';
import {
  accuracy,
  confusionMatrix,
  evaluate,
  type LossFunction,
  predict,
  type TrainableModel,
} from '@scratchnet/train';
import type { Scores } from './protocol';

const CHUNK = 500;
const CLASSES = 10;

/** Images [start, end) of a set, as views. */
export function sliceSet(set: ImageSet, start: number, end: number): ImageSet {
  const [, ...rest] = set.images.shape;
  const size = rest.reduce((a, b) => a * b, 1);
  return {
    images: new Tensor(set.images.data.subarray(start * size, end * size), [end - start, ...rest]),
    labels: set.labels.subarray(start, end),
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface ScoreOptions {
  loss: LossFunction;
  /** Score only the first `limit` images. */
  limit?: number;
  /** Called after each chunk of images, so a long evaluation can show where it is. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loss, accuracy and confusion matrix over a set, chunk by chunk (yielding between chunks so the
 * worker still hears "stop"), plus the predicted class of each grid image.
 */
export async function scoreModel(
  model: TrainableModel,
  set: ImageSet,
  grid: Tensor,
  options: ScoreOptions,
): Promise<Scores> {
  const total = Math.min(set.labels.length, options.limit ?? set.labels.length);
  if (total < 1) throw new Error(`scoreModel: no images to score (limit ${options.limit})`);
  const predictions = new Int32Array(total);
  let lossSum = 0;
  for (let start = 0; start < total; start += CHUNK) {
    const chunk = sliceSet(set, start, Math.min(total, start + CHUNK));
    const result = evaluate(model, chunk, { loss: options.loss });
    predictions.set(result.predictions, start);
    lossSum += result.loss * chunk.labels.length;
    options.onProgress?.(start + chunk.labels.length, total);
    await nextTask();
  }
  const labels = set.labels.subarray(0, total);
  return {
    loss: lossSum / total,
    accuracy: accuracy(predictions, labels),
    confusion: confusionMatrix(predictions, labels, CLASSES),
    gridPredictions: argmax(predict(model, grid), 1),
  };
}
