import { Tensor } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Adam, AdamW } from './adam';
import { clipGradNorm } from './clip-grad-norm';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { LinearWarmup } from './linear-warmup';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';
import { StepLR } from './step-lr';

const params = () => [{ name: 'w', value: Tensor.from([1, -2]), grad: Tensor.from([0.5, 0.25]) }];
const sgd = () => new SGD(params(), { lr: 0.1 });

/** Every optimizer and scheduler entry, fed one random option value. */
const ENTRIES: Record<string, (v: unknown) => unknown> = {
  'SGD lr': (v) => new SGD(params(), { lr: v as number }),
  'SGD momentum': (v) => new SGD(params(), { lr: 0.1, momentum: v as number }),
  'SGD dampening': (v) => new SGD(params(), { lr: 0.1, dampening: v as number }),
  'SGD weightDecay': (v) => new SGD(params(), { lr: 0.1, weightDecay: v as number }),
  'SGD nesterov': (v) => new SGD(params(), { lr: 0.1, momentum: 0.9, nesterov: v as boolean }),
  'Adam lr': (v) => new Adam(params(), { lr: v as number }),
  'Adam betas': (v) => new Adam(params(), { betas: [0.9, v as number] }),
  'Adam eps': (v) => new Adam(params(), { eps: v as number }),
  'AdamW weightDecay': (v) => new AdamW(params(), { weightDecay: v as number }),
  'RMSprop alpha': (v) => new RMSprop(params(), { alpha: v as number }),
  'RMSprop momentum': (v) => new RMSprop(params(), { momentum: v as number }),
  'StepLR stepSize': (v) => new StepLR(sgd(), { stepSize: v as number }),
  'StepLR gamma': (v) => new StepLR(sgd(), { stepSize: 2, gamma: v as number }),
  'CosineAnnealingLR tMax': (v) => new CosineAnnealingLR(sgd(), { tMax: v as number }),
  'LinearWarmup startFactor': (v) => new LinearWarmup(sgd(), { warmupSteps: 3, startFactor: v as number }),
  'clipGradNorm maxNorm': (v) => clipGradNorm(params(), v as number),
  'SGD lr setter': (v) => {
    sgd().lr = v as number;
  },
  'SGD params argument': (v) => new SGD(v as never, { lr: 0.1 }),
  'Adam loadStateDict': (v) => new Adam(params()).loadStateDict(v as never),
};

describe('optimizers and schedulers: any option value is accepted with finite results, or refused by name', () => {
  it('random values for every option', () => {
    // Magnitudes up to 1e3: a finite lr of 1e38 overflowing float32 weights is arithmetic, not validation.
    const value = fc.oneof(
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        -1,
        0,
        0.5,
        1,
        2,
        null,
        undefined,
        'x',
        true,
        [],
        {},
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(ENTRIES)), value, (entry, v) => {
        let made: unknown;
        try {
          made = ENTRIES[entry](v);
        } catch (error) {
          expect((error as Error).constructor, `${entry} ${String(v)}: ${(error as Error).message}`).toBe(
            Error,
          );
          expect((error as Error).message).toMatch(new RegExp(`^${entry.split(' ')[0]}[.:]`));
          return;
        }
        // Accepted: one step must keep the weights finite (no silent NaN or Infinity).
        if (made instanceof SGD || made instanceof Adam || made instanceof RMSprop) {
          made.step();
          for (const p of (made as unknown as { params: { value: Tensor }[] }).params)
            expect(p.value.data.every(Number.isFinite), `${entry} ${String(v)}`).toBe(true);
        }
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});
