import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { getBackend } from '@scratchnet/tensor';
import { classMetrics, confusionMatrix, evaluate } from '@scratchnet/train';
import { type DatasetName, loadDataset, rowsOf } from '../lib/datasets';
import { grouped, percent, table } from '../lib/format';
import { checkModelFits, loadTrainedModel } from '../lib/model-source';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';
import type { RunInfo } from '../lib/run-config';

export interface EvalOptions {
  model: string;
  dataset?: DatasetName;
  limit?: number;
  backend?: BackendOption;
  threads?: number;
  json?: boolean;
}

/** Test-set accuracy and loss, the confusion matrix (rows: true class) and per-class precision/recall. */
export async function evalCommand(o: EvalOptions): Promise<number> {
  await setupBackend(o.backend, o.threads);
  const { model, info } = loadTrainedModel(o.model);
  const { run, history = [] } = info as Partial<RunInfo>;
  const name = o.dataset ?? run?.dataset ?? 'mnist';
  const dataset = loadDataset(name, o.limit);
  checkModelFits(model, dataset, `--model ${o.model}`);
  const started = performance.now();
  const result = evaluate(model, dataset.test, { loss: new SoftmaxCrossEntropy() });
  const seconds = (performance.now() - started) / 1000;
  const confusion = confusionMatrix(result.predictions, dataset.test.labels, dataset.classes);
  const metrics = classMetrics(confusion);
  const classes = confusion.map((_, c) => String(c));
  say(
    `scratchnet eval: ${o.model} on the ${name} test set (${grouped(rowsOf(dataset.test))} samples), backend ${getBackend().name}`,
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
