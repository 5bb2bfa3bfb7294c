import { Adam, AdamW, type OptimizerParameter, SGD } from '@scratchnet/optimizers';

export const OPTIMIZER_CHOICES = ['sgd', 'adam', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZER_CHOICES)[number];

/** Learning rates that train the presets well when --lr is not given. */
export const DEFAULT_LR: Record<OptimizerName, number> = { sgd: 0.05, adam: 1e-3, adamw: 1e-3 };

export interface OptimizerSettings {
  lr: number;
  /** SGD only. */
  momentum: number;
}

export type CliOptimizer = SGD | Adam | AdamW;

export function createOptimizer(
  name: OptimizerName,
  params: OptimizerParameter[],
  { lr, momentum }: OptimizerSettings,
): CliOptimizer {
  if (name === 'sgd') return new SGD(params, { lr, momentum });
  return name === 'adam' ? new Adam(params, { lr }) : new AdamW(params, { lr });
}
