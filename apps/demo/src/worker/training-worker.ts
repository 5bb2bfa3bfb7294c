import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import '@scratchnet/backend-wasm';
import { backendInfo, getThreads, setThreads } from '@scratchnet/tensor';
import { fit, serializeModel } from '@scratchnet/train';
import { buildTraining } from '../model/build-training';
import { modelFromFile } from '../model/page-model';
import { fetchMnist, type MnistSets } from './fetch-mnist';
import { ProgressMeter } from './progress-meter';
import type { FromWorker, ModelBytes, ModelFile, ToWorker, TrainConfig } from './protocol';
import { type ScoreOptions, scoreModel, sliceSet } from './score-model';

/** How many test digits the page shows with their predictions. */
const GRID_DIGITS = 48;

// The page's tsconfig has the DOM library, not the worker one: this is the part of the worker scope used.
const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};
let sets: MnistSets | undefined;
let stopRequested = false;
let busy = false;

function post(message: FromWorker): void {
  scope.postMessage(message);
}

function data(): MnistSets {
  if (!sets) throw new Error('the MNIST files have not been loaded yet');
  return sets;
}

const grid = () => sliceSet(data().test, 0, GRID_DIGITS);

type Model = ReturnType<typeof buildTraining>['model'];

/** The CLI's two-file format; `info` records how the model was made. */
function modelBytes(model: Model, config: TrainConfig, step: number): ModelBytes {
  const { model: preset, optimizer, lr, batchSize, seed } = config;
  return serializeModel(model, {
    preset,
    optimizer,
    lr,
    batchSize,
    seed,
    steps: step,
    trainedBy: '@scratchnet/demo',
  });
}

function testOptions(task: 'train' | 'evaluate', limit: number, loss: ScoreOptions['loss']): ScoreOptions {
  return {
    loss,
    limit,
    onProgress: (done, total) => post({ type: 'status', task, text: `Testing on ${done}/${total} images…` }),
  };
}

async function load(dataUrl: string): Promise<void> {
  post({ type: 'status', task: 'train', text: 'Loading MNIST…' });
  sets = await fetchMnist(dataUrl);
  const { images, labels } = grid();
  post({
    type: 'data',
    kernels: String(backendInfo().details.wasm?.simd ?? 'scalar'),
    train: sets.train.labels.length,
    val: sets.val.labels.length,
    test: sets.test.labels.length,
    // Copies: posting a view would clone the whole test set's buffer.
    grid: { images: (images.data as Float32Array).slice(), labels: labels.slice() },
  });
}

async function train(config: TrainConfig): Promise<void> {
  const { train: trainSet, val, test } = data();
  // With no native addon in a browser the active backend is wasm, whose threads are Web Workers.
  await setThreads(config.threads);
  post({ type: 'training', threads: getThreads() });
  const { model, optimizer, loss } = buildTraining(config);
  const batchesPerEpoch = Math.ceil(trainSet.labels.length / config.batchSize);
  const totalSteps = Math.min(config.epochs * batchesPerEpoch, config.maxBatches);
  const meter = new ProgressMeter();
  const gridSet = grid();
  let step = 0;
  const validate = async () => {
    const scores = await scoreModel(model, val, gridSet.images, { loss });
    model.train();
    post({ type: 'validation', step, scores, model: modelBytes(model, config, step) });
  };
  const history = await fit(model, {
    loss,
    optimizer,
    train: trainSet,
    epochs: config.epochs,
    batchSize: config.batchSize,
    seed: config.seed,
    callbacks: [
      {
        onBatchEnd: async (log, context) => {
          step = log.step;
          const point = meter.add(log);
          if (point) post({ type: 'progress', step, totalSteps, epoch: log.epoch, ...point });
          if (step % config.valEvery === 0) {
            const started = performance.now();
            await validate();
            meter.exclude(performance.now() - started);
          }
          if (stopRequested) context.stop('stopped');
          else if (step >= config.maxBatches) context.stop('batch budget reached');
        },
      },
    ],
  });
  const samplesPerSecond = meter.overall();
  if (step % config.valEvery !== 0) await validate();
  const testScores = await scoreModel(
    model,
    test,
    gridSet.images,
    testOptions('train', config.testImages, loss),
  );
  post({
    type: 'trained',
    step,
    reason: history.stoppedEarly ?? 'all epochs done',
    samplesPerSecond,
    test: testScores,
    testCount: Math.min(config.testImages, test.labels.length),
    model: modelBytes(model, config, step),
  });
}

async function evaluateFile(file: ModelFile, name: string, testImages: number): Promise<void> {
  const { test } = data();
  const model = await modelFromFile(file, name);
  const loss = new SoftmaxCrossEntropy();
  const scores = await scoreModel(model, test, grid().images, testOptions('evaluate', testImages, loss));
  post({ type: 'evaluated', name, test: scores, testCount: Math.min(testImages, test.labels.length) });
}

async function run(kind: 'train' | 'evaluate', task: () => Promise<void>): Promise<void> {
  if (busy) {
    post({ type: 'error', task: kind, message: 'the worker is busy; wait for the current task or stop it' });
    return;
  }
  busy = true;
  stopRequested = false;
  try {
    await task();
  } catch (error) {
    post({ type: 'error', task: kind, message: error instanceof Error ? error.message : String(error) });
  } finally {
    busy = false;
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'stop') stopRequested = true;
  else if (message.type === 'load') void run('train', () => load(message.dataUrl));
  else if (message.type === 'train') void run('train', () => train(message.config));
  else if (message.type === 'evaluate')
    void run('evaluate', () => evaluateFile(message.model, message.name, message.testImages));
});
