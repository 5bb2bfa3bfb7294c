import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam, RMSprop, SGD } from '@scratchnet/optimizers';
import { presets } from '@scratchnet/train';
import type { OptimizerName, TrainConfig } from '../worker/protocol';

type Model = ReturnType<(typeof presets)[keyof typeof presets]>;
type Optimizer = Adam | SGD | RMSprop;

function makeOptimizer(name: OptimizerName, model: Model, lr: number): Optimizer {
  const params = model.parameters();
  if (name === 'adam') return new Adam(params, { lr });
  if (name === 'sgd') return new SGD(params, { lr, momentum: 0.9 });
  if (name === 'rmsprop') return new RMSprop(params, { lr });
  throw new Error(`optimizer must be adam, sgd or rmsprop, got ${JSON.stringify(name)}`);
}

/** The preset, its optimizer and the loss for one training run. */
export function buildTraining(config: TrainConfig) {
  const preset = presets[config.model];
  if (!preset) {
    throw new Error(
      `model must be one of ${Object.keys(presets).join(', ')}, got ${JSON.stringify(config.model)}`,
    );
  }
  if (!(config.lr > 0 && config.lr < 10))
    throw new Error(`learning rate must be in (0, 10), got ${config.lr}`);
  const model = preset({ seed: config.seed });
  return {
    model,
    optimizer: makeOptimizer(config.optimizer, model, config.lr),
    loss: new SoftmaxCrossEntropy(),
  };
}
