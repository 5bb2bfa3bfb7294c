import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { AdamW } from './adam';
import { clipGradNorm } from './clip-grad-norm';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { LinearWarmup } from './linear-warmup';
import type { OptimizerStateDict } from './state-dict';

// The README's example: minimise |w|^2 with AdamW, warm-up + cosine and clipping.
function train(steps: number, resumeFrom?: { optimizer: string; schedule: string }) {
  const w = { name: 'w', value: Tensor.randn([3], { seed: 0 }), grad: Tensor.zeros([3]) };
  const opt = new AdamW([w], { lr: 5e-2 });
  const schedule = new LinearWarmup(opt, {
    warmupSteps: 5,
    startFactor: 0.1,
    followedBy: new CosineAnnealingLR(opt, { tMax: 95 }),
  });
  if (resumeFrom) {
    opt.loadStateDict(JSON.parse(resumeFrom.optimizer) as OptimizerStateDict);
    schedule.loadStateDict(JSON.parse(resumeFrom.schedule));
    // The weights themselves come from the model checkpoint in real use.
    w.value.data.set(JSON.parse(resumeFrom.optimizer).weights);
  }
  const start = w.value.data.slice();
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    for (let j = 0; j < 3; j++) w.grad.data[j] = 2 * w.value.data[j];
    clipGradNorm([w], 1.0);
    opt.step();
    schedule.step();
  }
  const optimizer = JSON.stringify({ ...opt.stateDict(), weights: Array.from(w.value.data) });
  return { start, w: w.value.data, optimizer, schedule: JSON.stringify(schedule.stateDict()), lr: opt.lr };
}

describe('README example', () => {
  it('shrinks the weights and ends the cosine at lr 0', () => {
    const { start, w, lr } = train(100);
    const norm = (a: ArrayLike<number>) => Math.hypot(...Array.from(a));
    expect(norm(w)).toBeLessThan(0.5 * norm(start));
    expect(lr).toBeLessThan(1e-15);
  });

  it('resumes from JSON checkpoints bit for bit', () => {
    const whole = train(100);
    const half = train(40);
    const resumed = train(60, half);
    expect(Array.from(resumed.w)).toEqual(Array.from(whole.w));
    expect(resumed.lr).toBe(whole.lr);
  });
});
