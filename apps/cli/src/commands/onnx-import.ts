import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importOnnx } from '@scratchnet/onnx';
import { saveModel } from '@scratchnet/train/node';
import { DATASET_SHAPES, type DatasetName, loadDataset, rowsOf } from '../lib/datasets';
import { asUsageError } from '../lib/errors';
import { checkModelFits } from '../lib/model-source';
import { DEFAULT_LR } from '../lib/optimizer-choice';
import { say } from '../lib/output';
import type { RunConfig, RunInfo } from '../lib/run-config';
import { TRAIN_DEFAULTS } from '../lib/training-run';

export interface ImportOptions {
  out: string;
  dataset?: DatasetName;
  limit?: number;
}

/**
 * The run settings saved with an imported model: zero epochs done of a run with train's defaults,
 * so that `train --resume DIR --epochs N` fine-tunes it for N epochs.
 */
function fineTuningRun(source: string, dataset: DatasetName, limit?: number): RunConfig {
  const trainRows = rowsOf(loadDataset(dataset, limit).train);
  return {
    model: `onnx:${basename(source)}`,
    dataset,
    epochs: 0,
    batchSize: TRAIN_DEFAULTS.batchSize,
    optimizer: TRAIN_DEFAULTS.optimizer,
    lr: DEFAULT_LR[TRAIN_DEFAULTS.optimizer],
    momentum: TRAIN_DEFAULTS.momentum,
    schedule: TRAIN_DEFAULTS.schedule,
    seed: TRAIN_DEFAULTS.seed,
    valSplit: Math.floor(trainRows / 6),
    ...(limit === undefined ? {} : { limit }),
  };
}

/** `scratchnet import model.onnx --out DIR`: an ONNX model as a scratchnet model folder. */
export async function importCommand(file: string, o: ImportOptions): Promise<number> {
  const bytes = asUsageError(file, () => new Uint8Array(readFileSync(file)));
  const model = asUsageError(file, () => importOnnx(bytes));
  const dataset = o.dataset ?? 'mnist';
  const shape = DATASET_SHAPES[dataset];
  checkModelFits(model, { name: dataset, ...shape }, file);
  const info: RunInfo & { source: string } = {
    source: basename(file),
    run: fineTuningRun(file, dataset, o.limit),
    inputShape: [1, ...shape.sampleShape],
    classes: shape.classes,
    history: [],
  };
  asUsageError(`--out ${o.out}`, () =>
    saveModel(model, o.out, { info: info as unknown as Record<string, unknown> }),
  );
  const parameters = model.parameters().reduce((total, p) => total + p.value.size, 0);
  say(`imported ${file}: a ${model.kind} of ${parameters} parameters, saved to ${o.out}`);
  say(`fine-tune it with: scratchnet train --resume ${o.out} --epochs 1`);
  return 0;
}
