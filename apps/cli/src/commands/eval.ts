import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { getBackend } from '@scratchnet/tensor';
import { classMetrics, confusionMatrix, evaluate } from '@scratchnet/train';
import { type Dataset, type DatasetName, loadDataset, rowsOf } from '../lib/datasets';
import { UsageError } from '../lib/errors';
import { grouped, percent, table } from '../lib/format';
import { checkModelFits, loadTrainedModel } from '../lib/model-source';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';
import { readForModel, type TrainedOn } from '../lib/own-data';
import type { RunConfig, RunInfo } from '../lib/run-config';
import { loadRunData } from '../lib/training-run';

export interface EvalOptions {
  model: string;
  dataset?: DatasetName;
  /** Your own pictures or table (all of it), read as the model was trained to read them. */
  data?: string;
  /** The target column of --data FILE.csv (default: the one the model was trained on). */
  target?: string;
  limit?: number;
  backend?: BackendOption;
  threads?: number;
  json?: boolean;
}

/**
 * What to evaluate on: all of --data; else --dataset's test set; else the test part of the data the
 * model was trained on (for --data, the same held-out sixth as train).
 */
function evalData(o: EvalOptions, trained: TrainedOn, run: RunConfig | undefined): EvalData {
  if (o.data !== undefined) {
    if (o.dataset) throw new UsageError(`--dataset ${o.dataset}: give either --dataset or --data`);
    return readForModel(o.data, trained, o.target ?? run?.target);
  }
  if (o.target !== undefined) throw new UsageError(`--target ${o.target}: give --data FILE.csv too`);
  if (o.dataset === undefined && run?.data !== undefined) return loadRunData(run);
  return loadDataset(o.dataset ?? run?.dataset ?? 'mnist', o.limit);
}

type EvalData = Pick<Dataset, 'name' | 'sampleShape' | 'classes' | 'test'>;

/** Test-set accuracy and loss, the confusion matrix (rows: true class) and per-class precision/recall. */
export async function evalCommand(o: EvalOptions): Promise<number> {
  await setupBackend(o.backend, o.threads);
  const checkpoint = loadTrainedModel(o.model);
  const { model, info } = checkpoint;
  const { run, history = [] } = info as Partial<RunInfo>;
  const dataset = evalData(o, checkpoint, run);
  const { name } = dataset;
  checkModelFits(model, dataset, `--model ${o.model}`);
  const started = performance.now();
  const result = evaluate(model, dataset.test, { loss: new SoftmaxCrossEntropy() });
  const seconds = (performance.now() - started) / 1000;
  const confusion = confusionMatrix(result.predictions, dataset.test.labels, dataset.classes);
  const metrics = classMetrics(confusion);
  const classes = checkpoint.classes ?? confusion.map((_, c) => String(c));
  say(
    `scratchnet eval: ${o.model} on ${o.data ? `all of ${name}` : `the ${name} test set`} (${grouped(rowsOf(dataset.test))} samples), backend ${getBackend().name}`,
  );
  say(`accuracy ${percent(result.accuracy)}, loss ${result.loss.toFixed(4)}`);
  say('\nconfusion matrix (rows: true class, columns: predicted class)');
  say(table([['', ...classes], ...confusion.map((row, c) => [classes[c], ...row.map(String)])]));
  say('\nper class');
  say(
    table([
      ['class', 'precision', 'recall', 'f1', 'support'],
      ...metrics.map((m, c) => [
        classes[c],
        percent(m.precision),
        percent(m.recall),
        percent(m.f1),
        String(m.support),
      ]),
    ]),
  );
  if (o.json) {
    printJson({
      testAccuracy: result.accuracy,
      testLoss: result.loss,
      // How the model was trained, from its saved history.
      epochs: history.length,
      secondsPerEpoch: history.length ? history.reduce((t, e) => t + e.seconds, 0) / history.length : null,
      samples: rowsOf(dataset.test),
      seconds,
      backend: getBackend().name,
      model: o.model,
      dataset: name,
      out: null,
      confusion,
      perClass: metrics,
    });
  }
  return 0;
}
