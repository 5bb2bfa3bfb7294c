import { BatchNorm1d, Linear, Sequential } from '@scratchnet/layers';
import { createRng, setBackend } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { type EpochLog, earlyStopping, type TrainingContext } from './callbacks';

setBackend('js');

const epoch = (index: number, valLoss: number) => ({ epoch: index, valLoss }) as EpochLog;

function run(valLosses: number[], restoreBest: boolean, patience = 2) {
  const model = new Sequential(new Linear(3, 4, { rng: createRng(1) }), new BatchNorm1d(4));
  const stops: string[] = [];
  const context = { model, stop: (reason: string) => stops.push(reason) } as unknown as TrainingContext;
  const callback = earlyStopping({ patience, restoreBest });
  const weightsAt: number[][][] = [];
  for (const [i, loss] of valLosses.entries()) {
    // Each "epoch" changes every parameter and buffer.
    for (const t of Object.values(model.stateDict())) t.data.fill(i + 1);
    weightsAt.push(Object.values(model.stateDict()).map((t) => Array.from(t.data)));
    callback.onEpochEnd?.(epoch(i, loss), context);
    if (stops.length) break;
  }
  const now = Object.values(model.stateDict()).map((t) => Array.from(t.data));
  return { stops, weightsAt, now };
}

describe('earlyStopping', () => {
  it('stops after patience epochs without improvement', () => {
    expect(run([3, 2, 2.5, 2], false).stops).toEqual([
      'early stopping: valLoss did not improve for 2 epoch(s) (best 2)',
    ]);
    expect(run([3, 2, 2.5, 1, 1.5], false).stops).toEqual([]);
    expect(run([3, 3], false, 0).stops).toHaveLength(1);
  });

  it('restoreBest puts back the best epoch weights and buffers on stopping', () => {
    const { stops, weightsAt, now } = run([3, 1, 2, 4], true);
    expect(stops).toEqual([
      'early stopping: valLoss did not improve for 2 epoch(s) (best 1; weights of epoch 2 restored)',
    ]);
    expect(now).toEqual(weightsAt[1]);
    expect(now).not.toEqual(weightsAt[3]);
    expect(run([3, 1, 2, 4], false).now).toEqual(weightsAt[3]);
  });
});
