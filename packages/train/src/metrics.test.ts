import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { accuracy, classMetrics, confusionMatrix } from './metrics';

describe('metrics', () => {
  const scores = Tensor.from([
    [0.1, 0.9, 0],
    [0.8, 0.1, 0.1],
    [0.2, 0.3, 0.5],
    [0.3, 0.4, 0.3],
  ]);
  const labels = Uint8Array.from([1, 0, 1, 1]);

  it('accuracy from scores or from predicted classes', () => {
    expect(accuracy(scores, labels)).toBe(0.75);
    expect(accuracy([1, 0, 2, 1], labels)).toBe(0.75);
  });

  it('confusion matrix counts [true][predicted] and per-class precision/recall', () => {
    const cm = confusionMatrix(scores, labels, 3);
    expect(cm).toEqual([
      [1, 0, 0],
      [0, 2, 1],
      [0, 0, 0],
    ]);
    const [c0, c1, c2] = classMetrics(cm);
    expect(c0).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(c1.precision).toBe(1);
    expect(c1.recall).toBeCloseTo(2 / 3, 15);
    expect(c1.f1).toBeCloseTo(0.8, 15);
    expect(c2).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('names the mismatch', () => {
    expect(() => accuracy(scores, [1, 2])).toThrow(
      'accuracy: scores must be [N, classes] with N = 2 labels, got [4, 3]',
    );
    expect(() => accuracy([1], [1, 2])).toThrow('accuracy: 1 predictions for 2 labels');
    expect(() => confusionMatrix([0, 5], [0, 1], 3)).toThrow(
      'confusionMatrix: sample 1 has label 1 / prediction 5, outside [0, 3)',
    );
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/numClasses must be a positive integer/);
  });
});
