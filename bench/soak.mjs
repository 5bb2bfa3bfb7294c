// Soak: trains lenet for N steps and makes/destroys models and native calls, sampling
// process.memoryUsage() after a full GC, and reports whether memory levels off after warm-up.
//
//   node bench/soak.mjs --steps 20000 --backend native|wasm|js --model lenet [--batch 16]
//                       [--threads 2] [--every 100] [--cycles 1000] [--json]
//
// Imports the packages' built dist (run `pnpm build` first). Memory, not time, is judged: the
// growth is the least-squares slope of each series over the second half of the samples, in MB
// per 1000 steps (or cycles). Exit code 1 when a slope exceeds its bound (see BOUNDS_MB).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const pkg = (name) => new URL(`../packages/${name}/dist/index.js`, import.meta.url).href;
const { createRng, setBackend, setThreads, getBackend, getThreads, Tensor } = await import(pkg('tensor'));
const { presets } = await import(pkg('train'));
const { SoftmaxCrossEntropy } = await import(pkg('losses'));
const { SGD } = await import(pkg('optimizers'));
await import(pkg('conv-native'));
await import(pkg('backend-wasm'));

/**
 * Growth bounds in MB per 1000 steps (or cycles), judged after warm-up with a forced GC before each
 * sample. A leak worth catching is something retained every step: the smallest lenet activation
 * (conv1's output for one image: 32x28x28 float32) is 100 KB, i.e. 100 MB per 1000 steps, and the
 * smallest weight gradient (conv1's bias, 32 floats) is 128 B of data + ~200 B of Tensor object.
 * The heap after GC is stable to ~0.05 MB, so 1 MB/1000 (1 KB per step) for heapUsed and 0.5
 * MB/1000 (500 B per step, a typed array of 125 floats) for the typed-array stores catch every
 * retained activation or weight-sized tensor with room to spare over the noise; RSS also carries
 * glibc's arena fragmentation and V8's unreturned pages, so it gets 8 MB/1000, still far below one
 * retained activation per step.
 */
const BOUNDS_MB = { rss: 8, heapUsed: 1, external: 0.5, arrayBuffers: 0.5 };
const SERIES = Object.keys(BOUNDS_MB);

function parseArgs(argv) {
  const o = {
    steps: 2000,
    backend: 'wasm',
    model: 'lenet',
    batch: 16,
    threads: 1,
    every: 0,
    cycles: 1000,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'json') o.json = true;
    else if (key in o) o[key] = typeof o[key] === 'number' ? Number(argv[++i]) : argv[++i];
    else throw new Error(`soak: unknown option ${argv[i]}`);
  }
  for (const k of ['steps', 'batch', 'cycles', 'threads'])
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`soak: --${k} must be an integer >= 0`);
  if (!(o.model in presets)) throw new Error(`soak: unknown model ${o.model}`);
  if (o.every === 0) o.every = Math.max(1, Math.floor(o.steps / 100));
  return o;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

function sample(at) {
  gc();
  gc();
  const m = process.memoryUsage();
  return { at, ...Object.fromEntries(SERIES.map((k) => [k, m[k] / 2 ** 20])) };
}

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** Growth per 1000 units over the second half of the samples, and the levels at both ends. */
function judge(samples) {
  const half = samples.slice(Math.floor(samples.length / 2));
  const xs = half.map((s) => s.at);
  const out = {};
  for (const k of SERIES) {
    const perThousand =
      slope(
        xs,
        half.map((s) => s[k]),
      ) * 1000;
    out[k] = {
      first: samples[0][k],
      last: samples[samples.length - 1][k],
      growthPer1000: perThousand,
      bound: BOUNDS_MB[k],
      flat: perThousand <= BOUNDS_MB[k],
    };
  }
  return out;
}

async function trainSteps({ steps, batch, every, model: name }) {
  const rng = createRng(7);
  const model = presets[name]({ seed: 1 });
  const loss = new SoftmaxCrossEntropy();
  const optimizer = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const samples = [];
  for (let step = 0; step < steps; step++) {
    const x = Tensor.uniform([batch, 1, 28, 28], { rng });
    const labels = Int32Array.from({ length: batch }, () => rng.int(10));
    optimizer.zeroGrad();
    const value = loss.forward(model.forward(x, { training: true }), labels);
    if (!Number.isFinite(value)) throw new Error(`soak: loss is ${value} at step ${step}`);
    model.backward(loss.backward());
    optimizer.step();
    if (step % every === 0 || step === steps - 1) samples.push(sample(step));
    if (step % 1000 === 0) await new Promise((r) => setImmediate(r));
  }
  return samples;
}

function createDestroyCycles({ cycles, model: name }) {
  const samples = [];
  const every = Math.max(1, Math.floor(cycles / 100));
  const x = Tensor.uniform([1, 1, 28, 28], { rng: createRng(3) });
  for (let cycle = 0; cycle < cycles; cycle++) {
    const model = presets[name]({ seed: cycle });
    model.forward(x, { training: false });
    // A native (or js) GEMM on fresh buffers each cycle: 16x32 by 32x8.
    getBackend().matmul?.(new Float32Array(512), new Float32Array(256), new Float32Array(128), {
      m: 16,
      n: 8,
      k: 32,
      transA: false,
      transB: false,
      accumulate: false,
    });
    if (cycle % every === 0 || cycle === cycles - 1) samples.push(sample(cycle));
  }
  return samples;
}

function report(title, verdict, unit) {
  const lines = [`${title}`];
  for (const [k, v] of Object.entries(verdict)) {
    lines.push(
      `  ${k.padEnd(12)} ${v.first.toFixed(1).padStart(8)} MB -> ${v.last.toFixed(1).padStart(8)} MB   ` +
        `second-half growth ${v.growthPer1000.toFixed(3).padStart(8)} MB/1000 ${unit} ` +
        `(bound ${v.bound}) ${v.flat ? 'flat' : 'GROWING'}`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  setBackend(o.backend);
  await setThreads(o.threads);
  const steps = o.steps > 0 ? await trainSteps(o) : [];
  const cycles = o.cycles > 0 ? createDestroyCycles(o) : [];
  const result = {
    options: o,
    backend: getBackend().name,
    threads: getThreads(),
    training: steps.length > 2 ? judge(steps) : null,
    cycles: cycles.length > 2 ? judge(cycles) : null,
  };
  if (o.json) console.log(JSON.stringify(result));
  else {
    console.log(
      `soak: ${o.model}, backend ${result.backend} on ${result.threads} threads, batch ${o.batch}, sampled every ${o.every} steps`,
    );
    if (result.training) console.log(report(`training, ${o.steps} steps:`, result.training, 'steps'));
    if (result.cycles) console.log(report(`create/destroy, ${o.cycles} cycles:`, result.cycles, 'cycles'));
  }
  const all = [result.training, result.cycles].filter(Boolean).flatMap((v) => Object.values(v));
  process.exitCode = all.every((v) => v.flat) ? 0 : 1;
  await setThreads(1);
}

await main();
