// Times the pieces of one training step of a preset on a backend (zeroGrad, forward, loss,
// backward, optimizer step), medians over steps, as trainStep runs them inside one StepArena.
//   node bench/step-profile.mjs [model=lenet] [steps=50] [backend=native] [threads=2]
import '@scratchnet/backend-wasm';
import '@scratchnet/conv-native';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import { argmax, createRng, StepArena, setBackend, setThreads, Tensor } from '@scratchnet/tensor';
import { presets } from '@scratchnet/train';

const [name = 'lenet', steps = '50', backend = 'native', threads = '2'] = process.argv.slice(2);
setBackend(backend);
await setThreads(Number(threads));
const model = presets[name]({ seed: 0 });
const loss = new SoftmaxCrossEntropy();
const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
const rng = createRng(1);
const x = Tensor.uniform([64, 1, 28, 28], { rng });
const labels = Int32Array.from({ length: 64 }, () => rng.int(10));
const arena = new StepArena();
const parts = { zeroGrad: [], forward: [], loss: [], backward: [], step: [], argmax: [], total: [] };
for (let s = 0; s < Number(steps) + 5; s++) {
  arena.run(() => {
    const t = [performance.now()];
    optimizer.zeroGrad();
    t.push(performance.now());
    const logits = model.forward(x, { training: true });
    t.push(performance.now());
    loss.forward(logits, labels);
    const dLogits = loss.backward();
    t.push(performance.now());
    model.backwardParameters(dLogits);
    t.push(performance.now());
    optimizer.step();
    t.push(performance.now());
    argmax(logits, 1);
    t.push(performance.now());
    if (s < 5) return;
    for (const [i, k] of Object.keys(parts).entries()) {
      parts[k].push(k === 'total' ? t[t.length - 1] - t[0] : t[i + 1] - t[i]);
    }
  });
}
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(
  `${name} on ${backend}, ${threads} threads: ${Object.entries(parts)
    .map(([k, v]) => `${k} ${median(v).toFixed(3)}`)
    .join(', ')} ms`,
);
