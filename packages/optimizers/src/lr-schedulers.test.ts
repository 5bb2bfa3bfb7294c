import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { LinearWarmup } from './linear-warmup';
import type { LRScheduler } from './lr-scheduler';
import { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';
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
    case 'OneCycleLR':
      return new OneCycleLR(opt, schedule.options as unknown as OneCycleLROptions);
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
      // step: a few ulps apart after the warm-up. OneCycleLR repeats torch's phase
      // interpolation operation for operation. 1e-12 relative to the largest lr.
      const scale = Math.max(...schedule.lrs);
      lrs.forEach((lr, i) => {
        expect(Math.abs(lr - schedule.lrs[i]), `step ${i}`).toBeLessThanOrEqual(1e-12 * scale);
      });
    });
  }

  it('OneCycleLR keeps its final lr on step totalSteps and throws past it, as torch does', () => {
    const sched = new OneCycleLR(optimizer(), { maxLr: 1, totalSteps: 3, annealStrategy: 'linear' });
    for (let i = 0; i < 2; i++) sched.step();
    const final = sched.getLastLr();
    expect(final).toBeCloseTo(1 / 25 / 1e4, 15);
    sched.step();
    expect(sched.getLastLr()).toBe(final);
    expect(() => sched.step()).toThrow('OneCycleLR: stepped 4 times, but totalSteps is 3');
  });

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
    expect(() => new OneCycleLR(optimizer(), { maxLr: 1, totalSteps: 10, pctStart: 1.5 })).toThrow(
      'OneCycleLR: option pctStart must be a number in [0, 1], got 1.5',
    );
    expect(() => new ReduceLROnPlateau(optimizer(), { factor: 1 })).toThrow(
      'ReduceLROnPlateau: option factor must be a number in [0, 1), got 1',
    );
    expect(() => new ReduceLROnPlateau(optimizer(), { patience: -1 })).toThrow(
      'ReduceLROnPlateau: option patience must be an integer >= 0, got -1',
    );
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

describe('ReduceLROnPlateau agrees with PyTorch (fixtures/generate.py)', () => {
  for (const c of fixture.plateaus) {
    it(`${JSON.stringify(c.options)} over ${c.metrics.length} epochs`, () => {
      const opt = optimizer();
      const sched = new ReduceLROnPlateau(opt, c.options as ReduceLROnPlateauOptions);
      const lrs = [sched.getLastLr()];
      for (const metric of c.metrics) {
        sched.step(metric);
        expect(opt.lr).toBe(sched.getLastLr());
        lrs.push(sched.getLastLr());
      }
      // the same multiplications as torch's: bit for bit.
      expect(lrs).toEqual(c.lrs);
    });
  }

  it('state round-trips through JSON mid-plateau, also before any metric (best = null)', () => {
    const metrics = fixture.plateaus[1].metrics;
    const options = fixture.plateaus[1].options as ReduceLROnPlateauOptions;
    const a = optimizer();
    const sa = new ReduceLROnPlateau(a, options);
    const fresh = new ReduceLROnPlateau(optimizer(), options).stateDict();
    expect(fresh.best).toBeNull();
    sa.loadStateDict(JSON.parse(JSON.stringify(fresh)));
    for (const m of metrics.slice(0, 37)) sa.step(m);
    const b = optimizer();
    const sb = new ReduceLROnPlateau(b, options);
    sb.loadStateDict(JSON.parse(JSON.stringify(sa.stateDict())));
    expect(b.lr).toBe(a.lr);
    for (const m of metrics.slice(37)) {
      sa.step(m);
      sb.step(m);
      expect(sb.getLastLr()).toBe(sa.getLastLr());
    }
  });

  it('rejects a NaN metric', () => {
    expect(() => new ReduceLROnPlateau(optimizer()).step(Number.NaN)).toThrow(
      'ReduceLROnPlateau.step: metric must be a number, got NaN',
    );
  });
});
