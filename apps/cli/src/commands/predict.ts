import { MNIST } from '@scratchnet/datasets';
import { softmax, Tensor } from '@scratchnet/tensor';
import { predict } from '@scratchnet/train';
import { DATASET_SHAPES } from '../lib/datasets';
import { readDigitFile } from '../lib/digit-file';
import { checkModelFits, loadTrainedModel } from '../lib/model-source';
import { type BackendOption, setupBackend } from '../lib/native-backend';
import { printJson, say } from '../lib/output';

export interface PredictOptions {
  model: string;
  backend?: BackendOption;
  json?: boolean;
}

const TOP = 3;

/** Classifies PNG/PGM pictures of digits (any size; converted to 28x28 the MNIST way). */
export async function predictCommand(images: string[], o: PredictOptions): Promise<number> {
  await setupBackend(o.backend);
  const { model } = loadTrainedModel(o.model);
  checkModelFits(model, { name: 'a 28x28 image', ...DATASET_SHAPES.mnist }, `--model ${o.model}`);
  const { height, width } = MNIST;
  const pixels = new Float32Array(images.length * height * width);
  images.forEach((path, i) => {
    pixels.set(readDigitFile(path), i * height * width);
  });
  const probabilities = softmax(predict(model, new Tensor(pixels, [images.length, 1, height, width])), -1);
  const classes = probabilities.shape[1];
  const results = images.map((file, i) => {
    const row = Array.from(probabilities.data.subarray(i * classes, (i + 1) * classes));
    const top = row
      .map((probability, label) => ({ label, probability }))
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
