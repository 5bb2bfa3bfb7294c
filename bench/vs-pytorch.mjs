/**
 * scratchnet against PyTorch CPU, side by side on the same machine and thread count: per training
 * step (forward, loss, backward, Adam; batch of random MNIST-sized images) for each model, a per-layer
 * breakdown, peak memory, and with --epoch one whole MNIST epoch each (data pipeline included).
 *
 *   node bench/vs-pytorch.mjs [--models mlp,lenet,resnet] [--batch 64] [--threads 2] [--rounds 5]
 *                             [--steps 30] [--backend native] [--epoch] [--python PATH] [--json]
 *
 * Each contender runs in its own process (so peak RSS is its own); the two alternate within every
 * round and swap who goes first each round, and the tables report medians over rounds (machines here
 * are noisy). PyTorch comes from --python, $SCRATCHNET_BENCH_TORCH, or a virtual environment this
 * script creates in bench/.venv-torch; without one the script says why and exits.
 */

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@scratchnet/datasets/node';
import { torchPython } from './vs-pytorch/python-env.mjs';

const here = (file) => fileURLToPath(new URL(`./vs-pytorch/${file}`, import.meta.url));

function parseArgs(argv) {
  const o = { models: ['mlp', 'lenet', 'resnet'], batch: 64, threads: 2, rounds: 5, steps: 30 };
  Object.assign(o, { backend: 'native', epoch: false, python: undefined, json: false });
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key === 'epoch' || key === 'json') o[key] = true;
    else if (key === 'models') o.models = argv[++i].split(',');
    else if (key === 'backend' || key === 'python') o[key] = argv[++i];
    else if (['batch', 'threads', 'rounds', 'steps'].includes(key)) o[key] = Number(argv[++i]);
    else throw new Error(`vs-pytorch: unknown option ${argv[i]} (see the top of bench/vs-pytorch.mjs)`);
  }
  return o;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function runChild(command, args, options) {
  const out = execFileSync(command, [...args, JSON.stringify(options)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, OMP_NUM_THREADS: String(options.threads) },
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const o = parseArgs(process.argv.slice(2));
const env = torchPython(o.python);
if (env.skip) {
  console.log(`vs-pytorch: skipped, no PyTorch to compare with (${env.skip})`);
  process.exit(0);
}
const mnistDir = o.epoch ? dirname(loadMnist({ split: 'test', limit: 1 }).files.images) : undefined;
const contenders = {
  scratchnet: (opts) => runChild(process.execPath, [here('scratchnet-child.mjs')], opts),
  pytorch: (opts) => runChild(env.python, [here('pytorch_child.py')], opts),
};

const results = {};
for (const model of o.models) {
  results[model] = { scratchnet: [], pytorch: [] };
  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 === 0 ? ['scratchnet', 'pytorch'] : ['pytorch', 'scratchnet'];
    for (const who of order) {
      // Warm-up: at least 5 steps and 1 s, so that short steps are timed after V8 has optimised them.
      const warmup = { warmup: 5, warmupSeconds: 1 };
      const opts = { model, batch: o.batch, threads: o.threads, ...warmup, steps: o.steps, layerSteps: 10 };
      results[model][who].push(contenders[who]({ ...opts, epoch: o.epoch, backend: o.backend, mnistDir }));
      process.stderr.write(`  ${model} round ${round + 1}/${o.rounds}: ${who} done\n`);
    }
  }
}

if (o.json) {
  console.log(JSON.stringify({ options: o, results }));
  process.exit(0);
}
const torchVersion = results[o.models[0]].pytorch[0].torch;
console.log(`\nnode bench/vs-pytorch.mjs ${process.argv.slice(2).join(' ')}`);
console.log(
  `${cpus().length} × ${cpus()[0].model}; ${o.threads} threads each; batch ${o.batch}; scratchnet ${o.backend} vs PyTorch ${torchVersion} CPU; medians of ${o.rounds} interleaved rounds\n`,
);
const ms = (v) => v.toFixed(2);
const summary = (model, who, pick) => median(results[model][who].map(pick));
if (o.epoch) {
  console.log(
    '| model | scratchnet s/epoch | PyTorch s/epoch | ratio | peak RSS scratchnet / PyTorch (MB) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const m of o.models) {
    const [s, p] = ['scratchnet', 'pytorch'].map((w) => summary(m, w, (r) => r.epochSeconds));
    const [rs, rp] = ['scratchnet', 'pytorch'].map((w) => summary(m, w, (r) => r.peakRssMB));
    console.log(
      `| ${m} | ${s.toFixed(1)} | ${p.toFixed(1)} | ${(s / p).toFixed(2)} | ${rs.toFixed(0)} / ${rp.toFixed(0)} |`,
    );
  }
} else {
  console.log(
    '| model | scratchnet ms/step | PyTorch ms/step | ratio | peak RSS (MB) | RSS growth while training (MB) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const m of o.models) {
    const [s, p] = ['scratchnet', 'pytorch'].map((w) => summary(m, w, (r) => median(r.stepMs)));
    const [rs, rp] = ['scratchnet', 'pytorch'].map((w) => summary(m, w, (r) => r.peakRssMB));
    const [gs, gp] = ['scratchnet', 'pytorch'].map((w) => summary(m, w, (r) => r.peakRssMB - r.baseRssMB));
    console.log(
      `| ${m} | ${ms(s)} | ${ms(p)} | ${(s / p).toFixed(2)} | ${rs.toFixed(0)} / ${rp.toFixed(0)} | ${gs.toFixed(0)} / ${gp.toFixed(0)} |`,
    );
  }
  for (const m of o.models) {
    console.log(`\n${m}, per top-level layer (ms per step, forward / backward):`);
    console.log('| layer | scratchnet | PyTorch | ratio (fwd+bwd) |');
    console.log('| --- | --- | --- | --- |');
    const names = results[m].scratchnet[0].layers.map((l) => l.name);
    for (const [i, name] of names.entries()) {
      const [sf, sb, pf, pb] = [
        summary(m, 'scratchnet', (r) => r.layers[i].forward),
        summary(m, 'scratchnet', (r) => r.layers[i].backward),
        summary(m, 'pytorch', (r) => r.layers[i].forward),
        summary(m, 'pytorch', (r) => r.layers[i].backward),
      ];
      console.log(
        `| ${name} | ${ms(sf)} / ${ms(sb)} | ${ms(pf)} / ${ms(pb)} | ${((sf + sb) / (pf + pb)).toFixed(2)} |`,
      );
    }
  }
}
