import { Adam, AdamW, type OptimizerParameter, RMSprop, SGD } from '@scratchnet/optimizers';

export const OPTIMIZER_CHOICES = ['sgd', 'adam', 'adamw', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_CHOICES)[number];

/** Learning rates that train the presets well when --lr is not given. */
export const DEFAULT_LR: Record<OptimizerName, number> = {
  sgd: 0.05,
  adam: 1e-3,
  adamw: 1e-3,
  rmsprop: 1e-3,
};

export interface OptimizerSettings {
  lr: number;
  /** SGD only. */
  momentum: number;
  /** SGD only; needs momentum > 0. */
  nesterov?: boolean;
  /** L2 for sgd, adam and rmsprop, decoupled for adamw (absent: the optimizer's default, 0.01 for adamw, else 0). */
  weightDecay?: number;
}

export type CliOptimizer = SGD | Adam | AdamW | RMSprop;

export function createOptimizer(
  name: OptimizerName,
  params: OptimizerParameter[],
  { lr, momentum, nesterov, weightDecay }: OptimizerSettings,
): CliOptimizer {
  const decay = weightDecay === undefined ? {} : { weightDecay };
  switch (name) {
    case 'sgd':
      return new SGD(params, { lr, momentum, nesterov: nesterov ?? false, ...decay });
    case 'adam':
      return new Adam(params, { lr, ...decay });
    case 'adamw':
      return new AdamW(params, { lr, ...decay });
    default:
      return new RMSprop(params, { lr, ...decay });
  }
}
