import { MNIST } from '@scratchnet/datasets';
import { softmax, Tensor } from '@scratchnet/tensor';
import { predict } from '@scratchnet/train';
import { readDigitFile } from '../lib/digit-file';
import { UsageError } from '../lib/errors';
import { checkModelFits, loadTrainedModel } from '../lib/model-source';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';
import { csvRowsForModel, picturesForModel, type TrainedOn } from '../lib/own-data';

export interface PredictOptions {
  model: string;
  /** Table rows to classify instead of pictures (a model trained with --data FILE.csv). */
  csv?: string;
  backend?: BackendOption;
  json?: boolean;
}

const TOP = 3;

/** The inputs to classify and a name for each: pictures, or the rows of --csv. */
function inputs(images: string[], o: PredictOptions, trained: TrainedOn): { x: Tensor; names: string[] } {
  if (o.csv !== undefined) {
    if (images.length) throw new UsageError(`${images[0]}: give either picture files or --csv`);
    const x = csvRowsForModel(o.csv, trained);
    return { x, names: Array.from({ length: x.shape[0] }, (_, r) => `${o.csv} row ${r + 1}`) };
  }
  if (images.length === 0) throw new UsageError('give picture files to classify, or --csv FILE');
  if (trained.input) return { x: picturesForModel(images, trained), names: images };
  // A model without a saved input spec is an MNIST one: digits converted to 28x28 the MNIST way.
  const { height, width } = MNIST;
  const pixels = new Float32Array(images.length * height * width);
  images.forEach((path, i) => {
    pixels.set(readDigitFile(path), i * height * width);
  });
  return { x: new Tensor(pixels, [images.length, 1, height, width]), names: images };
}

/**
 * Classifies pictures (PNG, JPEG or PGM, any size) or table rows as the model was trained to read
 * them: digits the MNIST way, --data pictures and rows by the spec and statistics saved with it.
 * Class names are printed when the model has them.
 */
export async function predictCommand(images: string[], o: PredictOptions): Promise<number> {
  await setupBackend(o.backend);
  const trained = loadTrainedModel(o.model);
  const { model } = trained;
  const { x, names } = inputs(images, o, trained);
  const shape = {
    name: trained.input ? names[0] : 'a 28x28 image',
    sampleShape: x.shape.slice(1),
    classes: trained.classes?.length ?? 10,
  };
  checkModelFits(model, shape, `--model ${o.model}`);
  const probabilities = softmax(predict(model, x), -1);
  const nameOf = (label: number) => trained.classes?.[label] ?? label;
  const classes = probabilities.shape[1];
  const results = names.map((file, i) => {
    const row = Array.from(probabilities.data.subarray(i * classes, (i + 1) * classes));
    const top = row
      .map((probability, label) => ({ label: nameOf(label), probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, TOP);
    return { file, label: top[0].label, top };
  });
  for (const r of results) {
    const rest = r.top.map((t) => `${t.label} ${(t.probability * 100).toFixed(1)}%`).join(', ');
    say(`${r.file}: ${r.label}   (top ${TOP}: ${rest})`);
  }
  if (o.json) printJson({ model: o.model, predictions: results });
  return 0;
}
