import './style.css';
import { deserializeModel } from '@scratchnet/train';
import { byId, percent, setStatus, threadCount } from './app/elements';
import { renderLayerPanel } from './app/layer-panel';
import { PadPanel } from './app/pad-panel';
import { ScoresPanel } from './app/scores-panel';
import { StatsPanel } from './app/stats-panel';
import { modelFromFile, type PageModel } from './model/page-model';
import { Curves } from './ui/curves';
import { downloadModel, type PickedModel, readModelFiles, watchModelFiles } from './ui/model-files';
import { setUpThreadsControl } from './ui/threads-choice';
import { readTrainConfig, setFormLocked } from './ui/training-form';
import type { FromWorker, ModelBytes, ToWorker, TrainConfig } from './worker/protocol';

const form = byId('train-form', HTMLFormElement);
const trainButton = byId('train-button', HTMLButtonElement);
const stopButton = byId('stop-button', HTMLButtonElement);
const trainStatus = byId('train-status', HTMLElement);
const padModelSelect = byId('pad-model', HTMLSelectElement);
const modelStatus = byId('model-status', HTMLElement);
const downloadButton = byId('download-model', HTMLButtonElement);

const curves = new Curves(byId('loss-chart', HTMLCanvasElement), byId('accuracy-chart', HTMLCanvasElement));
const stats = new StatsPanel();
const scores = new ScoresPanel();
const layerEls = {
  caption: byId('layer-caption', HTMLElement),
  filters: byId('filters', HTMLElement),
  maps: byId('feature-maps', HTMLElement),
};

const models: { trained?: PageModel; trainedBytes?: ModelBytes; loaded?: PageModel } = {};
let firstTestDigit = new Float32Array(28 * 28);
let trainImages = 0;
let running = false;
/** The run going on or last finished, and how many threads it runs on. */
let run: { config: TrainConfig; threads: number } | undefined;

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

const pad = new PadPanel(
  {
    pad: byId('pad', HTMLCanvasElement),
    preview: byId('pad-28', HTMLCanvasElement),
    clear: byId('clear-pad', HTMLButtonElement),
    prediction: byId('pad-prediction', HTMLElement),
    bars: byId('prob-bars', HTMLOListElement),
  },
  () => refreshLayerPanel(),
);

function padModel(): { model: PageModel | undefined; label: string } {
  if (padModelSelect.value === 'loaded') return { model: models.loaded, label: 'The loaded model' };
  return { model: models.trained, label: 'The model trained here' };
}

function refreshLayerPanel(): void {
  renderLayerPanel(layerEls, padModel().model, pad.image ?? firstTestDigit);
}

function refreshPadModel(): void {
  const { model, label } = padModel();
  pad.setModel(model, label);
  refreshLayerPanel();
}

function setTrainedModel(bytes: ModelBytes): void {
  models.trained = deserializeModel(bytes.json, bytes.weights, 'trained in the page');
  models.trainedBytes = bytes;
  downloadButton.disabled = false;
  if (padModelSelect.value === 'trained') refreshPadModel();
}

function setRunning(value: boolean): void {
  running = value;
  setFormLocked(form, value);
  stopButton.disabled = !value;
}

function onWorkerMessage(message: FromWorker): void {
  switch (message.type) {
    case 'status':
      (message.task === 'train' ? trainStatus : modelStatus).textContent = message.text;
      break;
    case 'data':
      scores.setDigits(message.grid.images, message.grid.labels);
      firstTestDigit = message.grid.images.slice(0, 28 * 28);
      trainImages = message.train;
      refreshLayerPanel();
      trainButton.disabled = false;
      setStatus(
        trainStatus,
        'ready',
        `MNIST ready: ${message.train} training, ${message.val} validation and ${message.test} test images (kernels: ${message.kernels}).`,
      );
      break;
    case 'training': {
      if (!run) break;
      run.threads = message.threads;
      trainStatus.dataset.threads = String(message.threads);
      const { model, optimizer, lr } = run.config;
      setStatus(
        trainStatus,
        'training',
        `Training ${model} with ${optimizer}, lr ${lr}, on ${threadCount(message.threads)}…`,
      );
      break;
    }
    case 'progress':
      curves.addTrain(message.step, message.loss, message.accuracy);
      stats.progressed(message);
      break;
    case 'validation':
      curves.addValidation(message.step, message.scores.loss, message.scores.accuracy);
      stats.validated(message.scores.accuracy);
      scores.show(message.scores, `Step ${message.step}, validation set`);
      setTrainedModel(message.model);
      break;
    case 'trained':
      setRunning(false);
      stats.tested(message.test);
      scores.show(message.test, `Trained model, ${message.testCount} test images`);
      setTrainedModel(message.model);
      trainStatus.dataset.samplesPerSecond = String(message.samplesPerSecond);
      setStatus(
        trainStatus,
        'done',
        `Done after ${message.step} steps (${message.reason}) on ${threadCount(run?.threads ?? 1)}, ` +
          `${Math.round(message.samplesPerSecond).toLocaleString('en')} samples/s: ` +
          `test accuracy ${percent(message.test.accuracy, 2)} on ${message.testCount} images.`,
      );
      break;
    case 'evaluated':
      trainButton.disabled = running;
      scores.show(message.test, `Loaded model, ${message.testCount} test images`);
      modelStatus.dataset.accuracy = String(message.test.accuracy);
      setStatus(
        modelStatus,
        'evaluated',
        `Loaded ${message.name}: test accuracy ${percent(message.test.accuracy, 2)} on ${message.testCount} images.`,
      );
      break;
    case 'error':
      console.error(`training worker: ${message.message}`);
      if (message.task === 'evaluate') {
        trainButton.disabled = running;
        setStatus(modelStatus, 'error', `Could not score the loaded model: ${message.message}`);
      } else {
        setRunning(false);
        setStatus(trainStatus, 'error', `Error: ${message.message}`);
      }
      break;
  }
}

function startTraining(): void {
  const config = readTrainConfig(form);
  curves.reset(Math.min(config.maxBatches, config.epochs * Math.ceil(trainImages / config.batchSize)));
  stats.reset();
  setRunning(true);
  run = { config, threads: 0 };
  delete trainStatus.dataset.threads;
  delete trainStatus.dataset.samplesPerSecond;
  setStatus(trainStatus, 'starting', `Starting ${config.model} on ${threadCount(config.threads)}…`);
  send({ type: 'train', config });
}

async function useLoadedModel(picked: PickedModel): Promise<void> {
  models.loaded = await modelFromFile(picked.file, picked.name);
  padModelSelect.querySelector<HTMLOptionElement>('option[value="loaded"]')!.disabled = false;
  padModelSelect.value = 'loaded';
  refreshPadModel();
  if (running) {
    setStatus(
      modelStatus,
      'loaded',
      `Loaded ${picked.name}; it is on the pad. (Test scores wait until training ends.)`,
    );
    return;
  }
  setStatus(modelStatus, 'loaded', `Loaded ${picked.name}; it is on the pad. Scoring it on the test set…`);
  const testImages = Number(byId('test-images', HTMLInputElement).value) || 10_000;
  trainButton.disabled = true; // the worker does one thing at a time
  send({
    type: 'evaluate',
    model: picked.file,
    name: picked.name,
    testImages,
  });
}

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => onWorkerMessage(event.data));
worker.addEventListener('error', (event) => {
  console.error(`training worker failed: ${event.message}`);
  setStatus(trainStatus, 'error', `The training worker failed: ${event.message}`);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  try {
    startTraining();
  } catch (error) {
    setStatus(trainStatus, 'error', (error as Error).message);
  }
});
stopButton.addEventListener('click', () => send({ type: 'stop' }));
padModelSelect.addEventListener('change', refreshPadModel);
downloadButton.addEventListener('click', () => models.trainedBytes && downloadModel(models.trainedBytes));
watchModelFiles(byId('model-files', HTMLInputElement), byId('drop-zone', HTMLElement), async (files) => {
  setStatus(modelStatus, 'loading', 'Reading the model files…');
  try {
    await useLoadedModel(await readModelFiles(files));
  } catch (error) {
    setStatus(modelStatus, 'error', `Could not load the model: ${(error as Error).message}`);
  }
});

setUpThreadsControl(byId('threads', HTMLSelectElement), byId('threads-note', HTMLElement));
send({ type: 'load', dataUrl: new URL('mnist/', document.baseURI).href });
