import { CosineAnnealingLR, type LrHolder } from '@scratchnet/optimizers';
import type { LrScheduler } from '@scratchnet/train';

export const SCHEDULE_CHOICES = ['cosine', 'none'] as const;
export type ScheduleName = (typeof SCHEDULE_CHOICES)[number];

export interface Schedule extends LrScheduler {
  loadStateDict(state: { lastEpoch: number; lastLr: number }): void;
}

/**
 * 'cosine' anneals the lr from --lr to 0 over the whole run, stepping after every batch; 'none'
 * keeps it constant. Create it before restoring the optimizer's state so that its base lr is --lr.
 */
export function createSchedule(
  name: ScheduleName,
  optimizer: LrHolder,
  totalSteps: number,
): Schedule | undefined {
  return name === 'cosine' ? new CosineAnnealingLR(optimizer, { tMax: Math.max(1, totalSteps) }) : undefined;
}
