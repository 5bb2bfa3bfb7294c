import { DataLoader } from '@scratchnet/datasets';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { getBackend } from '@scratchnet/tensor';
import { rowsOf, splitValidation } from '../lib/datasets';
import { UsageError } from '../lib/errors';
import { grouped } from '../lib/format';
import { sweepLr, sweepPanel } from '../lib/lr-find';
import { setupBackend } from '../lib/native-backend';
import { createOptimizer } from '../lib/optimizer-choice';
import { printJson, say } from '../lib/output';
import { writePlot } from '../lib/plot-file';
import { textChart } from '../lib/text-chart';
import { resolveRun, type TrainOptions } from '../lib/training-run';

/** The flags of `scratchnet lr-find`: train's model, data and optimizer flags, and the sweep's. */
export interface LrFindOptions
  extends Pick<
    TrainOptions,
    | 'model'
    | 'dataset'
    | 'data'
    | 'imageSize'
    | 'channels'
    | 'target'
    | 'batchSize'
    | 'optimizer'
    | 'momentum'
    | 'nesterov'
    | 'weightDecay'
    | 'seed'
    | 'backend'
    | 'threads'
    | 'valSplit'
    | 'limit'
    | 'plot'
    | 'json'
  > {
  startLr: number;
  endLr: number;
  steps: number;
}

export const LR_FIND_DEFAULTS = { startLr: 1e-7, endLr: 10, steps: 100 } as const;

/**
 * Trains a fresh model one batch at each lr of an exponential sweep and reports the loss against
 * the lr, and the lr where it falls fastest. Nothing is saved: the model is thrown away.
 */
export async function lrFindCommand(o: LrFindOptions): Promise<number> {
  if (!(o.startLr < o.endLr))
    throw new UsageError(`--start-lr ${o.startLr}: must be below --end-lr ${o.endLr}`);
  await setupBackend(o.backend, o.threads);
  const { config, dataset, model } = resolveRun({ ...o, schedule: 'none' });
  const { train } = splitValidation(dataset.train, config.valSplit);
  const optimizer = createOptimizer(config.optimizer, model.parameters(), config);
  const loader = new DataLoader(train, { batchSize: config.batchSize, seed: config.seed, shuffle: true });
  say(
    `scratchnet lr-find: ${config.model} on ${dataset.name} (${grouped(rowsOf(train))} train samples), backend ${getBackend().name}, ` +
      `${config.optimizer}, batch ${config.batchSize}, lr ${o.startLr} to ${o.endLr} over ${o.steps} batches, seed ${config.seed}`,
  );
  const batches = (function* () {
    for (let epoch = 0; ; epoch++) yield* loader.epoch(epoch);
  })();
  const loss = new SoftmaxCrossEntropy();
  model.train();
  const sweep = sweepLr(
    (lr) => {
      const batch = batches.next().value;
      if (!batch) throw new Error('lr-find: the data loader ran dry');
      optimizer.lr = lr;
      optimizer.zeroGrad();
      const value = loss.forward(model.forward(batch.x, { training: true }), batch.labels);
      if (!Number.isFinite(value)) return value;
      const dLogits = loss.backward();
      if (model.backwardParameters) model.backwardParameters(dLogits);
      else model.backward(dLogits);
      optimizer.step();
      return value;
    },
    { startLr: o.startLr, endLr: o.endLr, steps: o.steps },
  );
  const panel = sweepPanel(sweep);
  say(`\n${textChart(panel)}\n`);
  if (sweep.divergedAt !== undefined)
    say(`the loss diverged at lr ${sweep.divergedAt.toPrecision(3)}; the sweep stopped there`);
  say(
    sweep.suggestion === undefined
      ? 'too few steps before the loss diverged to suggest an lr; lower --start-lr or raise --steps'
      : `steepest descent at lr ${sweep.suggestion.toPrecision(3)} (a starting point for --lr; the lr at the lowest loss is too high)`,
  );
  if (o.plot) {
    writePlot(o.plot, [panel]);
    say(`plot written to ${o.plot}`);
  }
  if (o.json) {
    printJson({
      suggestion: sweep.suggestion ?? null,
      divergedAt: sweep.divergedAt ?? null,
      lrs: sweep.lrs,
      losses: sweep.losses,
      smoothed: sweep.smoothed,
    });
  }
  return 0;
}
