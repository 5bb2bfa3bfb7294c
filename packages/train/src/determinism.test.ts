import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { SGD } from '@scratchnet/optimizers';
import '@scratchnet/backend-wasm';
import { createRng, getThreads, setBackend, setThreads, Tensor } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { lenet } from './presets';

setBackend('wasm');
afterAll(() => setThreads(1));

/** lenet after `steps` SGD steps on seeded random batches: every weight's bytes, concatenated. */
function trainedBytes(steps: number): Buffer {
  const rng = createRng(5);
  const model = lenet({ seed: 2 });
  const loss = new SoftmaxCrossEntropy();
  const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  for (let step = 0; step < steps; step++) {
    optimizer.zeroGrad();
    const x = Tensor.uniform([4, 1, 28, 28], { rng });
    loss.forward(
      model.forward(x, { training: true }),
      Int32Array.from({ length: 4 }, () => rng.int(10)),
    );
    model.backward(loss.backward());
    optimizer.step();
  }
  return Buffer.concat(model.parameters().map((p) => Buffer.from(p.value.data.buffer)));
}

// At batch 4 lenet's second convolution is ~80 MFLOP per pass, far above the wasm pool's thresholds
// (a few MFLOP), so with 2 or 3 threads it does run on the workers.
describe('wasm backend: same seed, same weights', () => {
  it('across runs and across wasm worker-thread counts (1, 2, 3), bit for bit', async () => {
    const single = trainedBytes(3);
    expect(trainedBytes(3).equals(single)).toBe(true);
    for (const threads of [2, 3]) {
      await setThreads(threads);
      expect(getThreads()).toBe(threads);
      expect(trainedBytes(3).equals(single), `${threads} wasm threads`).toBe(true);
    }
  }, 60_000);
});
