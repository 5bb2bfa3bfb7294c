import type { BatchLog } from '@scratchnet/train';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressMeter } from './progress-meter';

function log(epoch: number, batch: number, samples: number, loss: number, accuracy: number): BatchLog {
  return {
    epoch,
    batch,
    batches: 3,
    step: 0,
    loss,
    accuracy,
    epochLoss: 0,
    epochAccuracy: 0,
    samples,
    seconds: 0,
  };
}

describe('ProgressMeter', () => {
  // An hour-long maxSeconds: reports are due by batch count alone, whatever the machine's speed.
  const meter = () => new ProgressMeter(3, 3600);

  it('reports every N batches with the mean loss and the sample-weighted accuracy', () => {
    const m = meter();
    expect(m.add(log(0, 0, 10, 1, 0.5))).toBeUndefined();
    expect(m.add(log(0, 1, 20, 2, 1))).toBeUndefined();
    // Last batch of the epoch is short: 4 samples (24 - 20), all wrong.
    const point = m.add(log(0, 2, 24, 3, 0))!;
    expect(point.loss).toBe(2);
    expect(point.accuracy).toBeCloseTo((5 + 10 + 0) / 24, 12);
    expect(Number.isFinite(point.samplesPerSecond) && point.samplesPerSecond > 0).toBe(true);
  });

  it('takes the batch size from the running sample count again at each epoch start', () => {
    const m = meter();
    m.add(log(0, 0, 10, 1, 1));
    m.add(log(0, 1, 14, 1, 1));
    // Epoch 1 starts: its first batch holds log.samples = 10 samples, not 10 - 14.
    const point = m.add(log(1, 0, 10, 1, 0))!;
    expect(point.accuracy).toBeCloseTo(14 / 24, 12);
  });

  describe('overall()', () => {
    afterEach(() => vi.restoreAllMocks());

    it('counts every sample of the run since it started, leaving out excluded time', () => {
      let now = 1000;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      const m = meter();
      for (let batch = 0; batch < 5; batch++) {
        now += 500;
        m.add(log(0, batch, 16 * (batch + 1), 1, 1));
      }
      // 80 samples in 2.5 s, then a 4 s validation that does not count.
      expect(m.overall()).toBe(32);
      now += 4000;
      m.exclude(4000);
      expect(m.overall()).toBe(32);
      now += 500;
      m.add(log(1, 0, 16, 1, 1));
      expect(m.overall()).toBe(96 / 3);
    });
  });
});
