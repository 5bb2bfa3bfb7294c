/**
 * MNIST end to end: trains each model on the 60,000 training images with each backend and
 * reports test accuracy, seconds per epoch and the epoch's effective GFLOP/s (the model's
 * conv + linear FLOPs for forward, backward-input and backward-weight, divided by the time).
 *
 *   node bench/mnist.mjs [--models mlp,seed-cnn,lenet] [--backends native,wasm,js] [--threads 2]
 *                        [--limit N] [--json]
 *
 * Recipes (stated here, identical on every backend): Adam with a cosine schedule to 0, seed 0,
 * no validation split (the test set is only evaluated at the end).
 */

import { nativeAvailable, nativeLoadErrors } from '@scratchnet/conv-native';
import { loadMnist } from '@scratchnet/datasets/node';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam, CosineAnnealingLR } from '@scratchnet/optimizers';
import '@scratchnet/backend-wasm';
import { conv2dFlops, resolveConv2dGeometry, setBackend, setThreads } from '@scratchnet/tensor';
import { evaluate, fit, presets } from '@scratchnet/train';

const RECIPES = {
  mlp: { epochs: 20, batchSize: 64, lr: 1e-3 },
  'seed-cnn': { epochs: 10, batchSize: 64, lr: 3e-3 },
  lenet: { epochs: 3, batchSize: 64, lr: 1e-3 },
};

function parseArgs(argv) {
  const args = { models: Object.keys(RECIPES), backends: ['native', 'wasm'], threads: 1, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--models') args.models = argv[++i].split(',');
    else if (flag === '--backends') args.backends = argv[++i].split(',');
    else if (flag === '--threads') args.threads = Number(argv[++i]);
    else if (flag === '--limit') args.limit = Number(argv[++i]);
    else if (flag === '--json') args.json = true;
    else throw new Error(`bench:mnist: unknown argument '${flag}' (see the top of bench/mnist.mjs)`);
  }
  for (const m of args.models) if (!(m in RECIPES)) throw new Error(`bench:mnist: unknown model '${m}'`);
  return args;
}

/** FLOPs of one training step per sample: 3 × the forward FLOPs of every conv and linear layer. */
function trainingFlopsPerSample(model) {
  let shape = [1, 1, 28, 28];
  let flops = 0;
  for (const layer of model.layers) {
    if (layer.kind === 'Conv2d') {
      const weight = layer.parameters().find((p) => p.name === 'weight').value;
      flops += conv2dFlops(resolveConv2dGeometry(shape, weight.shape, layer.config().args[3] ?? {}));
    } else if (layer.kind === 'Linear') {
      const [inFeatures, outFeatures] = layer.config().args;
      flops += 2 * inFeatures * outFeatures;
    }
    shape = layer.outputShape(shape);
  }
  return 3 * flops;
}

async function run(modelName, backend, train, test, recipe) {
  setBackend(backend);
  await setThreads(backend === 'js' ? 1 : args.threads);
  const model = presets[modelName]({ seed: 0 });
  const optimizer = new Adam(model.parameters(), { lr: recipe.lr });
  const scheduler = new CosineAnnealingLR(optimizer, {
    tMax: recipe.epochs * Math.ceil(train.labels.length / recipe.batchSize),
  });
  const history = await fit(model, {
    loss: new SoftmaxCrossEntropy(),
    optimizer,
    scheduler,
    schedulerInterval: 'batch',
    train,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    seed: 0,
    callbacks: [
      {
        onEpochEnd: (log) =>
          process.stderr.write(
            `  ${modelName}/${backend} epoch ${log.epoch + 1}: loss ${log.loss.toFixed(4)}, ${log.seconds.toFixed(1)} s\n`,
          ),
      },
    ],
  });
  const result = evaluate(model, test, { loss: new SoftmaxCrossEntropy() });
  const seconds = history.epochs.map((e) => e.seconds);
  const secondsPerEpoch = seconds.reduce((s, v) => s + v, 0) / seconds.length;
  const gflops = (trainingFlopsPerSample(model) * train.labels.length) / secondsPerEpoch / 1e9;
  return {
    model: modelName,
    backend,
    epochs: recipe.epochs,
    testAccuracy: result.accuracy,
    testLoss: result.loss,
    secondsPerEpoch,
    gflops,
  };
}

const args = parseArgs(process.argv.slice(2));
if (args.backends.includes('native') && !nativeAvailable()) {
  throw new Error(`bench:mnist: the native backend did not load:\n${nativeLoadErrors().join('\n')}`);
}
const train = loadMnist({ split: 'train', limit: args.limit });
const test = loadMnist({ split: 'test' });
const rows = [];
for (const backend of args.backends) {
  for (const model of args.models) rows.push(await run(model, backend, train, test, RECIPES[model]));
}

if (args.json) console.log(JSON.stringify(rows));
else {
  console.log(
    `\nMNIST, ${train.labels.length} training images, test on ${test.labels.length} (threads: ${args.threads})`,
  );
  console.log('| model | backend | epochs | test accuracy | test loss | s/epoch | effective GFLOP/s |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.model} | ${r.backend} | ${r.epochs} | ${(100 * r.testAccuracy).toFixed(2)}% | ${r.testLoss.toFixed(4)} | ${r.secondsPerEpoch.toFixed(2)} | ${r.gflops.toFixed(1)} |`,
    );
  }
}
