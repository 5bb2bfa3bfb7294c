import { join } from 'node:path';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import type { OptimizerStateDict } from '@scratchnet/optimizers';
import { getBackend } from '@scratchnet/tensor';
import { type Callback, earlyStopping, evaluate, fit } from '@scratchnet/train';
import { keepBestCheckpoint, saveExactCheckpoint } from '@scratchnet/train/node';
import { augmentationFor } from '../lib/augment-choice';
import { trainingCurves } from '../lib/curves';
import { rowsOf, splitValidation } from '../lib/datasets';
import { EXIT_INTERRUPTED, UsageError } from '../lib/errors';
import { grouped, percent } from '../lib/format';
import { stopOnCtrlC } from '../lib/interrupt';
import { createSchedule, scheduleForFit } from '../lib/lr-schedule';
import { setupBackend } from '../lib/native-backend';
import { createOptimizer } from '../lib/optimizer-choice';
import { lockOut } from '../lib/out-lock';
import { printJson, say } from '../lib/output';
import { writePlot } from '../lib/plot-file';
import { progressCallback } from '../lib/progress';
import { resumingFrom } from '../lib/resume-note';
import type { RunInfo } from '../lib/run-config';
import { endsEpoch, saveWhereStopped } from '../lib/stop-checkpoint';
import { textChart } from '../lib/text-chart';
import { type Run, resolveRun, resumeTarget, type TrainOptions } from '../lib/training-run';

/** Where Ctrl-C saves when no --out was given. */
export const INTERRUPT_DIR = 'scratchnet-checkpoint';
/** Where --save-best keeps the model of the best epoch, inside --out. */
export const BEST_DIR = 'best';

export async function trainCommand(o: TrainOptions): Promise<number> {
  await setupBackend(o.backend, o.threads);
  const target = resumeTarget(o);
  const out = o.out ?? target?.dir;
  if (o.saveBest && out === undefined)
    throw new UsageError('--save-best: give --out DIR too (the best model is saved to DIR/best)');
  // A new run reads and checks its data and model first: bad input leaves --out untouched.
  const fresh = target ? undefined : resolveRun(o, target);
  // A resumed run takes the lock before the checkpoint is read, so that no other run changes it underneath.
  const lock = out === undefined ? undefined : lockOut(out);
  try {
    return await train(o, fresh ?? resolveRun(o, target), out);
  } finally {
    lock?.release();
  }
}

async function train(o: TrainOptions, run: Run, out: string | undefined): Promise<number> {
  const { config, dataset, model, epochsDone, history: previous, optimizerState } = run;
  const { train, val } = splitValidation(dataset.train, config.valSplit);
  const optimizer = createOptimizer(config.optimizer, model.parameters(), config);
  const batches = Math.ceil(rowsOf(train) / config.batchSize);
  // Built on the fresh optimizer (base lr --lr) and replayed over the epochs done.
  const schedule = createSchedule(config, optimizer, batches, { epochs: epochsDone, history: previous });
  const scheduledLr = optimizer.lr;
  if (optimizerState) {
    optimizer.loadStateDict(optimizerState as OptimizerStateDict);
    optimizer.lr = scheduledLr;
  }
  const { scheduler, callbacks: scheduleCallbacks } = scheduleForFit(schedule);

  const backendName = getBackend().name;
  const history = [...previous];
  // Spread into a plain record: saveModel takes any JSON-able info.
  const info = (extra: Partial<RunInfo> = {}): Record<string, unknown> => ({
    run: config,
    inputShape: [1, ...dataset.sampleShape],
    classes: dataset.classes,
    history,
    ...extra,
  });
  // Class names and how inputs are read (picture size, table statistics), for eval and predict.
  const data = { classes: dataset.classNames, input: dataset.input };
  say(
    `scratchnet train: ${config.model} on ${dataset.name} (${grouped(rowsOf(train))} train / ${grouped(val ? rowsOf(val) : 0)} validation / ` +
      `${grouped(rowsOf(dataset.test))} test), backend ${backendName}, ${config.optimizer} lr ${config.lr}${config.schedule === 'none' ? '' : ` (${config.schedule})`}${config.clipGradNorm ? `, gradients clipped to norm ${config.clipGradNorm}` : ''}${config.augment ? ', augmented' : ''}, batch ${config.batchSize}, ` +
      `epochs ${epochsDone + 1}-${config.epochs}, seed ${config.seed}`,
  );
  if (run.resumedFrom) say(resumingFrom(run.resumedFrom));

  const interrupt = stopOnCtrlC((message) => process.stderr.write(`${message}\n`));
  const completed = () => !interrupt.stoppedAt || endsEpoch(interrupt.stoppedAt);
  let interruptedEpochLr: number | undefined;
  const recorder: Callback = {
    onEpochEnd(log) {
      if (!completed()) {
        interruptedEpochLr = log.lr;
        return;
      }
      history.push(log);
      if (out)
        saveExactCheckpoint(model, out, { info: info(), ...data, optimizer, epochsDone: log.epoch + 1 });
    },
  };
  // Callbacks that judge an epoch by its validation loss skip an epoch cut short by Ctrl-C.
  const onCompletedEpochs = (callback: Callback): Callback => ({
    onEpochEnd: (log, context) => (completed() ? callback.onEpochEnd?.(log, context) : undefined),
  });
  const watchers = [
    ...scheduleCallbacks,
    ...(o.saveBest && out
      ? [keepBestCheckpoint(model, join(out, BEST_DIR), { info: () => info(), ...data })]
      : []),
    ...(config.earlyStopping === undefined
      ? []
      : [earlyStopping({ patience: config.earlyStopping, restoreBest: true })]),
  ];
  let result: Awaited<ReturnType<typeof fit>>;
  try {
    result = await fit(model, {
      loss: new SoftmaxCrossEntropy(),
      optimizer,
      train,
      val,
      epochs: config.epochs,
      batchSize: config.batchSize,
      seed: config.seed,
      scheduler,
      schedulerInterval: 'batch',
      clipGradNorm: config.clipGradNorm,
      augment: config.augment ? augmentationFor(dataset.sampleShape) : undefined,
      initialEpoch: Math.min(epochsDone, config.epochs),
      callbacks: [
        interrupt.callback,
        progressCallback(process.stdout, config.epochs),
        recorder,
        ...watchers.map(onCompletedEpochs),
      ],
    });
  } finally {
    interrupt.dispose();
  }

  const stoppedAt = interrupt.stoppedAt;
  if (stoppedAt) {
    const dir = out ?? INTERRUPT_DIR;
    // Resuming repeats the unfinished epoch, so it must start from that epoch's lr, not the one reached.
    if (!completed() && interruptedEpochLr !== undefined) optimizer.lr = interruptedEpochLr;
    // Without --out the run held no folder until now.
    const lock = out ? undefined : lockOut(dir);
    try {
      say(saveWhereStopped(model, dir, stoppedAt, { info: info(), ...data, optimizer }));
    } finally {
      lock?.release();
    }
    say(`resume with: scratchnet train --resume ${dir}`);
    return EXIT_INTERRUPTED;
  }
  if (result.stoppedEarly) say(`stopped early: ${result.stoppedEarly}`);
  if (o.saveBest && out) say(`best model (lowest validation loss) saved to ${join(out, BEST_DIR)}`);

  const test = evaluate(model, dataset.test, { loss: new SoftmaxCrossEntropy() });
  say(
    `test accuracy ${percent(test.accuracy)}, test loss ${test.loss.toFixed(4)} (${grouped(rowsOf(dataset.test))} samples)`,
  );
  const curves = trainingCurves(history);
  // A curve needs two points; one epoch is fully described by its line above.
  if (history.length > 1) for (const panel of curves) say(`\n${textChart(panel)}`);
  if (out) {
    saveExactCheckpoint(model, out, {
      info: info({ test: { accuracy: test.accuracy, loss: test.loss } }),
      ...data,
      optimizer,
      epochsDone: history.length,
    });
    say(`model saved to ${out}`);
  }
  if (o.plot) {
    writePlot(o.plot, curves);
    say(`plot written to ${o.plot}`);
  }
  if (o.json) {
    const ran = result.epochs.filter((e) => history.includes(e));
    printJson({
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      epochs: history.length,
      secondsPerEpoch: ran.length ? ran.reduce((s, e) => s + e.seconds, 0) / ran.length : 0,
      backend: backendName,
      model: config.model,
      dataset: dataset.name,
      out: out ?? null,
    });
  }
  return 0;
}
