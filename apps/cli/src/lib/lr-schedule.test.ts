import { SGD } from '@scratchnet/optimizers';
import { Tensor } from '@scratchnet/tensor';
import type { EpochLog } from '@scratchnet/train';
import { describe, expect, it } from 'vitest';
import { createSchedule, SCHEDULE_CHOICES, type ScheduleSettings, scheduleForFit } from './lr-schedule';

const optimizer = () => new SGD([{ value: Tensor.zeros([1]), grad: Tensor.zeros([1]) }], { lr: 0.1 });
const epochLog = (epoch: number, valLoss: number) => ({ epoch, valLoss }) as EpochLog;

describe('createSchedule', () => {
  for (const schedule of SCHEDULE_CHOICES.filter((s) => s !== 'plateau' && s !== 'none')) {
    it(`${schedule}: a schedule replayed over 2 epochs done continues as the uninterrupted one`, () => {
      const settings: ScheduleSettings = { schedule, epochs: 5, lr: 0.1, warmupSteps: 3 };
      const a = optimizer();
      const { scheduler } = scheduleForFit(createSchedule(settings, a, 4));
      for (let i = 0; i < 8; i++) scheduler?.step();
      const b = optimizer();
      const resumed = scheduleForFit(createSchedule(settings, b, 4, { epochs: 2, history: [] })).scheduler;
      expect(b.lr).toBe(a.lr);
      for (let i = 8; i < 20; i++) {
        scheduler?.step();
        resumed?.step();
        expect(b.lr, `step ${i + 1}`).toBe(a.lr);
      }
    });
  }

  it('plateau steps on each epoch validation loss and replays the epochs done', async () => {
    const settings: ScheduleSettings = { schedule: 'plateau', epochs: 5, lr: 0.1, plateauPatience: 1 };
    const history = [epochLog(0, 1), epochLog(1, 2), epochLog(2, 2)];
    const replayed = optimizer();
    createSchedule(settings, replayed, 4, { epochs: 3, history });
    expect(replayed.lr).toBeCloseTo(0.01, 15);
    const live = optimizer();
    const { scheduler, callbacks } = scheduleForFit(createSchedule(settings, live, 4));
    expect(scheduler).toBeUndefined();
    for (const log of history) await callbacks[0].onEpochEnd?.(log, {} as never);
    expect(live.lr).toBe(replayed.lr);
  });

  it('none keeps the lr', () => {
    expect(createSchedule({ schedule: 'none', epochs: 2, lr: 0.1 }, optimizer(), 4)).toBeUndefined();
  });
});
