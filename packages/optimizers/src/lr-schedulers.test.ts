import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { LinearWarmup } from './linear-warmup';
import type { LRScheduler } from './lr-scheduler';
import { SGD } from './sgd';
import { StepLR } from './step-lr';
import { fixture } from './test-support/fixture';

const optimizer = () => new SGD([{ value: Tensor.zeros([1]), grad: Tensor.zeros([1]) }], { lr: 0.1 });

function build(schedule: (typeof fixture.schedules)[number], opt: SGD): LRScheduler {
  const o = schedule.options as unknown as Record<string, number>;
  switch (schedule.schedule) {
    case 'StepLR':
      return new StepLR(opt, { stepSize: o.stepSize, gamma: o.gamma });
    case 'CosineAnnealingLR':
      return new CosineAnnealingLR(opt, { tMax: o.tMax, etaMin: o.etaMin });
    case 'LinearWarmup':
      return new LinearWarmup(opt, { warmupSteps: o.warmupSteps, startFactor: o.startFactor });
    default: {
      const followedBy = new CosineAnnealingLR(opt, schedule.followedBy as { tMax: number; etaMin: number });
      return new LinearWarmup(opt, { warmupSteps: o.warmupSteps, startFactor: o.startFactor, followedBy });
    }
  }
}

describe('LR schedules agree with PyTorch (fixtures/generate.py)', () => {
  for (const schedule of fixture.schedules) {
    it(`${schedule.schedule} ${JSON.stringify(schedule.options)} for ${schedule.lrs.length - 1} steps`, () => {
      const opt = optimizer();
      const sched = build(schedule, opt);
      const lrs = [sched.getLastLr()];
      for (let i = 1; i < schedule.lrs.length; i++) {
        opt.step();
        sched.step();
        expect(opt.lr).toBe(sched.getLastLr());
        lrs.push(sched.getLastLr());
      }
      // float64 scalars; StepLR and the cosine recursion repeat torch's operations exactly.
      // LinearWarmup uses the closed form where torch's LinearLR multiplies ratios step by
      // step: a few ulps apart after the warm-up. 1e-12 relative to the base lr.
      lrs.forEach((lr, i) => {
        expect(Math.abs(lr - schedule.lrs[i]), `step ${i}`).toBeLessThanOrEqual(1e-12 * 0.1);
      });
    });
  }

  it('the cosine schedule follows the closed form within float64 rounding', () => {
    const opt = optimizer();
    const sched = new CosineAnnealingLR(opt, { tMax: 40, etaMin: 0.01 });
    for (let t = 1; t <= 40; t++) {
      sched.step();
      expect(sched.getLastLr()).toBeCloseTo(0.01 + (0.09 * (1 + Math.cos((Math.PI * t) / 40))) / 2, 13);
    }
  });

  it('scheduler state round-trips', () => {
    const make = (opt: SGD) =>
      new LinearWarmup(opt, { warmupSteps: 5, followedBy: new CosineAnnealingLR(opt, { tMax: 20 }) });
    const a = optimizer();
    const sa = make(a);
    for (let i = 0; i < 9; i++) sa.step();
    const b = optimizer();
    const sb = make(b);
    sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
    for (let i = 0; i < 12; i++) {
      sa.step();
      sb.step();
      expect(sb.getLastLr()).toBe(sa.getLastLr());
    }
  });

  it('rejects bad options', () => {
    expect(() => new StepLR(optimizer(), { stepSize: 0 })).toThrow(
      'StepLR: option stepSize must be a positive integer, got 0',
    );
    expect(() => new StepLR(optimizer(), { stepSize: 2, gamma: -1 })).toThrow(
      'StepLR: option gamma must be a number >= 0, got -1',
    );
    expect(() => new CosineAnnealingLR(optimizer(), { tMax: 2.5 })).toThrow(
      'CosineAnnealingLR: option tMax must be a positive integer, got 2.5',
    );
    expect(() => new LinearWarmup(optimizer(), { warmupSteps: 3, startFactor: 0 })).toThrow(
      'LinearWarmup: option startFactor must be a number in (0, 1], got 0',
    );
  });
});
