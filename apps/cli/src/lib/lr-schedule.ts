import {
  CosineAnnealingLR,
  LinearWarmup,
  type LRScheduler,
  type LrHolder,
  OneCycleLR,
  ReduceLROnPlateau,
  StepLR,
} from '@scratchnet/optimizers';
import type { Callback, EpochLog } from '@scratchnet/train';

export const SCHEDULE_CHOICES = ['cosine', 'step', 'onecycle', 'plateau', 'warmup', 'none'] as const;
export type ScheduleName = (typeof SCHEDULE_CHOICES)[number];

/** The run settings a schedule reads (see the train flags in the README). */
export interface ScheduleSettings {
  schedule: ScheduleName;
  epochs: number;
  lr: number;
  /** step: epochs between reductions, and the factor. */
  stepSize?: number;
  gamma?: number;
  /** warmup: batches of linear warm-up before the cosine (absent: one epoch). */
  warmupSteps?: number;
  /** plateau: epochs without a better validation loss before the lr is cut tenfold. */
  plateauPatience?: number;
}

/** Defaults of the schedules' own flags, saved with the run so a resumed run repeats them. */
export const SCHEDULE_DEFAULTS = { stepSize: 1, gamma: 0.5, plateauPatience: 10 } as const;

/** A run's schedule: stepped after every batch, or (plateau) after every epoch with the validation loss. */
export type RunSchedule =
  | { kind: 'batch'; scheduler: LRScheduler }
  | { kind: 'epoch'; plateau: ReduceLROnPlateau }
  | undefined;

/**
 * cosine: anneal from --lr to 0 over the run; step: multiply by --gamma every --step-size epochs;
 * onecycle: torch's OneCycleLR peaking at --lr; warmup: a linear rise from --lr/3 over
 * --warmup-steps batches, then cosine to 0 over the rest; plateau: torch's ReduceLROnPlateau on
 * the validation loss. Batch schedules count batches; a resumed run replays the steps already taken.
 */
export function createSchedule(
  s: ScheduleSettings,
  optimizer: LrHolder,
  batches: number,
  done: { epochs: number; history: readonly EpochLog[] } = { epochs: 0, history: [] },
): RunSchedule {
  const total = s.epochs * batches;
  if (s.schedule === 'none') return undefined;
  if (s.schedule === 'plateau') {
    const plateau = new ReduceLROnPlateau(optimizer, {
      patience: s.plateauPatience ?? SCHEDULE_DEFAULTS.plateauPatience,
    });
    for (const log of done.history.slice(0, done.epochs)) {
      if (log.valLoss !== undefined) plateau.step(log.valLoss);
    }
    return { kind: 'epoch', plateau };
  }
  const scheduler = batchScheduler(s, optimizer, batches, total);
  for (let i = 0; i < done.epochs * batches; i++) scheduler.step();
  return { kind: 'batch', scheduler };
}

function batchScheduler(
  s: ScheduleSettings,
  optimizer: LrHolder,
  batches: number,
  total: number,
): LRScheduler {
  switch (s.schedule) {
    case 'step':
      return new StepLR(optimizer, {
        stepSize: (s.stepSize ?? SCHEDULE_DEFAULTS.stepSize) * batches,
        gamma: s.gamma ?? SCHEDULE_DEFAULTS.gamma,
      });
    case 'onecycle':
      return new OneCycleLR(optimizer, { maxLr: s.lr, totalSteps: Math.max(1, total) });
    case 'warmup': {
      const warmupSteps = s.warmupSteps ?? batches;
      const followedBy = new CosineAnnealingLR(optimizer, { tMax: Math.max(1, total - warmupSteps) });
      return new LinearWarmup(optimizer, { warmupSteps, followedBy });
    }
    default:
      return new CosineAnnealingLR(optimizer, { tMax: Math.max(1, total) });
  }
}

/** What fit takes: the batch scheduler, or a callback stepping the plateau schedule on each epoch's validation loss. */
export function scheduleForFit(schedule: RunSchedule): { scheduler?: LRScheduler; callbacks: Callback[] } {
  if (schedule?.kind === 'batch') return { scheduler: schedule.scheduler, callbacks: [] };
  if (schedule?.kind !== 'epoch') return { callbacks: [] };
  const { plateau } = schedule;
  return {
    callbacks: [
      {
        onEpochEnd(log) {
          if (log.valLoss !== undefined) plateau.step(log.valLoss);
        },
      },
    ],
  };
}
