// One contender of bench/vs-pytorch.mjs: trains a scratchnet preset and prints one JSON line.
//   node scratchnet-child.mjs '{"model":"lenet","batch":64,"threads":2,"warmup":5,"warmupSeconds":1,"steps":30,"layerSteps":10,"epoch":false,"backend":"native"}'
// Step mode times full training steps (forward, loss, backward, Adam) on one random batch, then
// times each top-level layer's forward and backward; epoch mode runs one MNIST epoch through `fit`,
// data pipeline included, as `scratchnet train` does.

import '@scratchnet/backend-wasm';
import '@scratchnet/conv-native';
import { loadMnist } from '@scratchnet/datasets/node';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import { createRng, StepArena, setBackend, setThreads, Tensor } from '@scratchnet/tensor';
import { fit, presets, trainStep } from '@scratchnet/train';

const o = JSON.parse(process.argv[2]);
setBackend(o.backend);
await setThreads(o.threads);
const model = presets[o.model]({ seed: 0 });
const loss = new SoftmaxCrossEntropy();
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const result = { contender: 'scratchnet', backend: o.backend };

// The step `fit` takes, with the arena `fit` keeps for a run.
const arena = new StepArena();
const step = (x, labels) => trainStep(model, { x, labels }, { loss, optimizer, arena });

if (o.epoch) {
  const train = loadMnist({ split: 'train' });
  result.baseRssMB = rssMB();
  const history = await fit(model, { loss, optimizer, train, epochs: 1, batchSize: o.batch, seed: 0 });
  result.epochSeconds = history.epochs[0].seconds;
  result.loss = history.epochs[0].loss;
} else {
  const rng = createRng(1);
  const x = Tensor.uniform([o.batch, 1, 28, 28], { rng });
  const labels = Int32Array.from({ length: o.batch }, () => rng.int(10));
  result.baseRssMB = rssMB();
  const warmupEnd = performance.now() + 1000 * o.warmupSeconds;
  for (let i = 0; i < o.warmup || performance.now() < warmupEnd; i++) step(x, labels);
  result.stepMs = [];
  for (let i = 0; i < o.steps; i++) {
    const t0 = performance.now();
    step(x, labels);
    result.stepMs.push(performance.now() - t0);
  }
  result.layers = timeLayers(x, labels);
}
result.peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(result));

/** Milliseconds per step in each top-level child's forward and backward (medians over layerSteps). */
function timeLayers(x, labels) {
  const times = model.children.map(([name]) => ({ name, forward: [], backward: [] }));
  for (let s = 0; s < o.layerSteps; s++) {
    arena.run(() => {
      optimizer.zeroGrad();
      let y = x;
      model.children.forEach(([, layer], i) => {
        const t0 = performance.now();
        y = layer.forward(y, { training: true });
        times[i].forward.push(performance.now() - t0);
      });
      loss.forward(y, labels);
      let dy = loss.backward();
      for (let i = model.children.length - 1; i >= 0; i--) {
        const t0 = performance.now();
        const layer = model.children[i][1];
        // As in the step: nobody reads the input's gradient.
        if (i === 0 && layer.backwardParameters) layer.backwardParameters(dy);
        else dy = layer.backward(dy);
        times[i].backward.push(performance.now() - t0);
      }
      optimizer.step();
    });
  }
  return times.map(({ name, forward, backward }) => ({
    name,
    forward: median(forward),
    backward: median(backward),
  }));
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
