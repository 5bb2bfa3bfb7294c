import { argmax, formatShape, type Tensor } from '@scratchnet/tensor';

export type Labels = ArrayLike<number>;

function predictedClasses(op: string, scores: Tensor | Labels, count: number): ArrayLike<number> {
  if (ArrayBuffer.isView(scores) || Array.isArray(scores)) {
    const predictions = scores as Labels;
    if (predictions.length !== count)
      throw new Error(`${op}: ${predictions.length} predictions for ${count} labels`);
    return predictions;
  }
  const t = scores as Tensor;
  if (t.rank !== 2 || t.shape[0] !== count) {
    throw new Error(
      `${op}: scores must be [N, classes] with N = ${count} labels, got ${formatShape(t.shape)}`,
    );
  }
  return argmax(t, 1);
}

/** Fraction of rows whose highest score (or given prediction) equals the label. */
export function accuracy(scores: Tensor | Labels, labels: Labels): number {
  const predicted = predictedClasses('accuracy', scores, labels.length);
  if (labels.length === 0) throw new Error('accuracy: no labels');
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** counts[true][predicted], as a numClasses × numClasses array of rows. */
export function confusionMatrix(scores: Tensor | Labels, labels: Labels, numClasses: number): number[][] {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new Error(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  }
  const predicted = predictedClasses('confusionMatrix', scores, labels.length);
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predicted[i];
    if (
      !(t >= 0 && t < numClasses && Number.isInteger(t)) ||
      !(p >= 0 && p < numClasses && Number.isInteger(p))
    ) {
      throw new Error(
        `confusionMatrix: sample ${i} has label ${t} / prediction ${p}, outside [0, ${numClasses})`,
      );
    }
    counts[t][p]++;
  }
  return counts;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Per-class precision, recall and F1 from a confusion matrix (0 where a class was never predicted). */
export function classMetrics(confusion: number[][]): ClassMetrics[] {
  return confusion.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((s, v) => s + v, 0);
    const predicted = confusion.reduce((s, r) => s + r[c], 0);
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
}
