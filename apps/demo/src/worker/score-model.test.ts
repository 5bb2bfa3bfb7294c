import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { argmax, createRng, Tensor } from '@scratchnet/tensor';
import { evaluate, mlp, predict } from '@scratchnet/train';
import { describe, expect, it } from 'vitest';
import { scoreModel, sliceSet } from './score-model';

function randomSet(n: number) {
  const rng = createRng(7);
  const images = Tensor.uniform([n, 1, 28, 28], { rng, low: 0, high: 1 });
  const labels = Uint8Array.from({ length: n }, (_, i) => (i * 7) % 10);
  return { images, labels };
}

describe('scoreModel', () => {
  // 1,200 images: three chunks of at most 500, the last one short.
  const set = randomSet(1200);
  const model = mlp({ seed: 3 });
  const loss = new SoftmaxCrossEntropy();
  const grid = sliceSet(set, 0, 12).images;

  it('agrees with evaluate over the whole set, chunk by chunk, and reports each chunk', async () => {
    const seen: number[] = [];
    const scores = await scoreModel(model, set, grid, { loss, onProgress: (done) => seen.push(done) });
    const whole = evaluate(model, set, { loss });
    expect(seen).toEqual([500, 1000, 1200]);
    expect(scores.accuracy).toBe(whole.accuracy);
    // float32 losses averaged over chunks vs over batches of 256: ~1e-6 relative.
    expect(scores.loss).toBeCloseTo(whole.loss, 5);
    const diagonal = scores.confusion.reduce((s, row, i) => s + row[i], 0);
    expect(scores.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1200);
    expect(diagonal).toBe(Math.round(whole.accuracy * 1200));
    expect(Array.from(scores.gridPredictions)).toEqual(Array.from(argmax(predict(model, grid), 1)));
  });

  it('scores only the first `limit` images', async () => {
    const scores = await scoreModel(model, set, grid, { loss, limit: 300 });
    expect(scores.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(scores.accuracy).toBe(evaluate(model, sliceSet(set, 0, 300)).accuracy);
  });

  it('rejects an empty selection', async () => {
    await expect(scoreModel(model, set, grid, { loss, limit: 0 })).rejects.toThrow(/no images to score/);
  });
});
