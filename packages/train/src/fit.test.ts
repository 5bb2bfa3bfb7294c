import { DataLoader, spirals } from '@scratchnet/datasets';
import { Linear, ReLU, Sequential } from '@scratchnet/layers';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam, SGD } from '@scratchnet/optimizers';
import { createRng, setBackend } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { earlyStopping } from './callbacks';
import { evaluate } from './evaluate';
import { type FitOptions, fit, NonFiniteLossError } from './fit';

setBackend('js');

function spiralModel(seed: number) {
  const rng = createRng(seed);
  return new Sequential(
    new Linear(2, 64, { rng }),
    new ReLU(),
    new Linear(64, 64, { rng }),
    new ReLU(),
    new Linear(64, 3, { rng }),
  );
}

describe('fit', () => {
  const data = spirals({ n: 600, classes: 3, noise: 0.05, seed: 1 });

  it('learns the spirals to > 95% accuracy', async () => {
    const model = spiralModel(2);
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    const history = await fit(model, {
      loss: new SoftmaxCrossEntropy(),
      optimizer,
      train: data,
      epochs: 60,
      batchSize: 32,
      seed: 3,
    });
    expect(history.epochs).toHaveLength(60);
    expect(history.epochs[59].loss).toBeLessThan(history.epochs[0].loss);
    expect(evaluate(model, data).accuracy).toBeGreaterThan(0.95);
    const last = history.epochs[59];
    expect(last.samplesPerSecond).toBeGreaterThan(0);
    expect(last.lr).toBe(0.01);
  });

  it('is reproducible: same seed, same weights', async () => {
    const run = async () => {
      const model = spiralModel(5);
      const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
      await fit(model, {
        loss: new SoftmaxCrossEntropy(),
        optimizer,
        train: data,
        epochs: 2,
        batchSize: 50,
        seed: 9,
      });
      return model.parameters().map((p) => Array.from(p.value.data));
    };
    expect(await run()).toEqual(await run());
  });

  it('resuming from epoch k with the saved state equals the uninterrupted run, bit for bit', async () => {
    const loss = new SoftmaxCrossEntropy();
    const full = spiralModel(6);
    const fullOpt = new Adam(full.parameters(), { lr: 0.005 });
    await fit(full, { loss, optimizer: fullOpt, train: data, epochs: 4, batchSize: 40, seed: 11 });

    const first = spiralModel(6);
    const firstOpt = new Adam(first.parameters(), { lr: 0.005 });
    await fit(first, { loss, optimizer: firstOpt, train: data, epochs: 2, batchSize: 40, seed: 11 });
    const weights = structuredClone(first.stateDict());
    const optimizerState = JSON.parse(JSON.stringify(firstOpt.stateDict()));

    const resumed = spiralModel(99);
    resumed.loadStateDict(weights);
    const resumedOpt = new Adam(resumed.parameters(), { lr: 0.005 });
    resumedOpt.loadStateDict(optimizerState);
    await fit(resumed, {
      loss,
      optimizer: resumedOpt,
      train: data,
      epochs: 4,
      batchSize: 40,
      seed: 11,
      initialEpoch: 2,
    });
    const a = full.parameters().map((p) => Array.from(p.value.data));
    const b = resumed.parameters().map((p) => Array.from(p.value.data));
    expect(b).toEqual(a);
  });

  it('stops with a clear message when the loss turns NaN', async () => {
    const model = spiralModel(7);
    const optimizer = new SGD(model.parameters(), { lr: 1e6 });
    const run = fit(model, {
      loss: new SoftmaxCrossEntropy(),
      optimizer,
      train: data,
      epochs: 5,
      batchSize: 32,
      seed: 1,
    });
    await expect(run).rejects.toBeInstanceOf(NonFiniteLossError);
    const poisoned = data.x.clone();
    poisoned.data[0] = Number.NaN;
    const linear = new Sequential(new Linear(2, 3, { seed: 1 }));
    await expect(
      fit(linear, {
        loss: new SoftmaxCrossEntropy(),
        optimizer: new SGD(linear.parameters(), { lr: 0.1 }),
        train: { x: poisoned, labels: data.labels },
        epochs: 1,
        batchSize: 600,
        seed: 1,
      }),
    ).rejects.toThrow(
      /fit: the loss became NaN at epoch 1, batch 1\/1 \(step 1\); try a lower learning rate \(now 0.1\) or check the inputs for NaN\/Inf/,
    );
  });

  it('early stopping ends training and says why', async () => {
    const model = spiralModel(8);
    const optimizer = new SGD(model.parameters(), { lr: 0 });
    const history = await fit(model, {
      loss: new SoftmaxCrossEntropy(),
      optimizer,
      train: data,
      val: data,
      epochs: 20,
      batchSize: 100,
      seed: 1,
      callbacks: [earlyStopping({ monitor: 'valLoss', patience: 2 })],
    });
    // lr 0: the loss never improves after the first epoch; epochs 2 and 3 do not improve, 3 stops.
    expect(history.epochs).toHaveLength(3);
    expect(history.stoppedEarly).toMatch(/early stopping: valLoss did not improve for 2 epoch\(s\)/);
  });

  it('without a seed, shuffles from a seed drawn from the global generator', async () => {
    const weightsAfter = async (options: Partial<FitOptions>) => {
      const model = spiralModel(2);
      const optimizer = new SGD(model.parameters(), { lr: 0.1 });
      const loss = new SoftmaxCrossEntropy();
      await fit(model, { loss, optimizer, train: data, epochs: 2, batchSize: 50, ...options });
      return model.parameters().map((p) => Array.from(p.value.data));
    };
    // fit builds its DataLoader, which draws the seed, before its first await.
    const fromGlobal = await withManualSeed(4, () => weightsAfter({}));
    expect(await withManualSeed(4, () => weightsAfter({}))).toEqual(fromGlobal);
    const sameLoader = new DataLoader(data, { batchSize: 50, rng: createRng(4) });
    expect(await weightsAfter({ train: sameLoader })).toEqual(fromGlobal);
    expect(await withManualSeed(5, () => weightsAfter({}))).not.toEqual(fromGlobal);
  });

  it('rejects bad options', async () => {
    const model = spiralModel(1);
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const loss = new SoftmaxCrossEntropy();
    await expect(
      fit(model, { loss, optimizer, train: data, epochs: 0, batchSize: 8, seed: 1 }),
    ).rejects.toThrow('fit: epochs must be an integer >= 1, got 0');
    await expect(fit(model, { loss, optimizer, train: data, epochs: 1 })).rejects.toThrow(
      'fit: pass batchSize (or a DataLoader as train)',
    );
    await expect(
      fit(model, { loss, optimizer, train: data, epochs: 2, batchSize: 8, initialEpoch: 1 }),
    ).rejects.toThrow('fit: pass the seed of the run to resume it at initialEpoch 1');
    await expect(
      fit(model, { loss, optimizer, train: data, epochs: 2, batchSize: 8, seed: 1, initialEpoch: 3 }),
    ).rejects.toThrow('fit: initialEpoch must be an integer in [0, epochs=2], got 3');
  });

  it('clips the gradients to clipGradNorm before each step, reporting the norm before clipping', async () => {
    // One batch holding all the data, plain SGD with lr 1: the step is minus the (clipped) gradient.
    const stepOf = async (clip?: number) => {
      const model = spiralModel(8);
      const before = model.parameters().map((p) => Float64Array.from(p.value.data));
      const norms: number[] = [];
      await fit(model, {
        loss: new SoftmaxCrossEntropy(),
        optimizer: new SGD(model.parameters(), { lr: 1 }),
        train: data,
        epochs: 1,
        batchSize: 600,
        seed: 1,
        clipGradNorm: clip,
        callbacks: [{ onBatchEnd: (log) => void (log.gradNorm !== undefined && norms.push(log.gradNorm)) }],
      });
      const moved = model
        .parameters()
        .flatMap((p, k) => Array.from(p.value.data, (v, i) => v - before[k][i]));
      return { norm: Math.hypot(...moved), norms };
    };
    const free = await stepOf();
    expect(free.norms).toEqual([]);
    expect(free.norm).toBeGreaterThan(0.01);
    const clipped = await stepOf(0.01);
    expect(clipped.norms).toHaveLength(1);
    // The reported norm is the unclipped step's length; the clipped step is 0.01 long (float32 weights).
    expect(clipped.norms[0]).toBeCloseTo(free.norm, 4);
    expect(clipped.norm).toBeCloseTo(0.01, 5);
    const loose = await stepOf(1e6);
    expect(loose.norm).toBeCloseTo(free.norm, 6);
    await expect(stepOf(0)).rejects.toThrow('fit: clipGradNorm must be a positive number, got 0');
  });
});
