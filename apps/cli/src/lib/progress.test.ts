import type { BatchLog, EpochLog, TrainingContext } from '@scratchnet/train';
import { describe, expect, it } from 'vitest';
import { epochLine, progressBar, progressCallback } from './progress';

const batch = (index: number, batches: number): BatchLog => ({
  epoch: 0,
  batch: index,
  batches,
  step: index + 1,
  loss: 0.5,
  accuracy: 0.8,
  epochLoss: 0.61234,
  epochAccuracy: 0.8125,
  samples: (index + 1) * 64,
  seconds: (index + 1) * 0.5,
});
const epoch: EpochLog = {
  epoch: 0,
  loss: 0.3,
  accuracy: 0.9,
  valLoss: 0.2,
  valAccuracy: 0.95,
  seconds: 12.34,
  samplesPerSecond: 4051.2,
  lr: 0.001,
};
const context = {} as TrainingContext;

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, write: (t: string) => writes.push(t) }, writes };
}

describe('progress', () => {
  it('shows batch i/n, running loss and accuracy, samples/s and the ETA', () => {
    // 10 of 40 batches in 5 s: 128 samples/s, 30 batches left at 0.5 s each.
    expect(progressBar(batch(9, 40), 3)).toBe(
      'epoch 1/3 |######                  | 10/40 loss 0.6123 acc 81.25% 128 samples/s ETA 0:15',
    );
    expect(epochLine(epoch, 3)).toBe(
      'epoch 1/3: loss 0.3000, accuracy 90.00%, val loss 0.2000, val accuracy 95.00%, 12.3 s, 4,051 samples/s',
    );
  });

  it('redraws in place on a terminal and ends the epoch with its summary line', () => {
    const { stream, writes } = recorder(true);
    const callback = progressCallback(stream, 3);
    callback.onBatchEnd?.(batch(0, 2), context);
    callback.onBatchEnd?.(batch(1, 2), context); // the last batch is always drawn
    callback.onEpochEnd?.(epoch, context);
    expect(writes).toHaveLength(3);
    expect(writes[0].startsWith('\repoch 1/3 |')).toBe(true);
    expect(writes[1]).toContain('| 2/2 ');
    expect(writes[2]).toBe(`\r\x1b[K${epochLine(epoch, 3)}\n`);
  });

  it('prints only one plain line per epoch elsewhere', () => {
    const { stream, writes } = recorder(false);
    const callback = progressCallback(stream, 3);
    for (let i = 0; i < 5; i++) callback.onBatchEnd?.(batch(i, 5), context);
    callback.onEpochEnd?.(epoch, context);
    expect(writes).toEqual([`${epochLine(epoch, 3)}\n`]);
  });
});
