import { DATASET_SHAPES, type DatasetName } from '../lib/datasets';
import { buildModel, summarizeModel } from '../lib/model-source';
import { say } from '../lib/output';
import type { RunConfig } from '../lib/run-config';

export interface SummaryOptions {
  model: string;
  dataset?: DatasetName;
}

/** Layers, output shapes and parameter counts of a preset or a saved model, for one sample of the data set. */
export async function summaryCommand(o: SummaryOptions): Promise<number> {
  // The data set only decides the input shape; a saved model remembers the one it was trained on.
  const peek = buildModel(o.model, DATASET_SHAPES[o.dataset ?? 'mnist'], 0);
  const saved = (peek.info.run as Partial<RunConfig> | undefined)?.dataset;
  const name = o.dataset ?? saved ?? 'mnist';
  const { model } = name === (o.dataset ?? 'mnist') ? peek : buildModel(o.model, DATASET_SHAPES[name], 0);
  say(summarizeModel(model, peek.name, [1, ...DATASET_SHAPES[name].sampleShape]));
  return 0;
}
