import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '@scratchnet/datasets/node';
import { loadModel } from '@scratchnet/train/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// One small MNIST run (js backend: quick and the same on every machine) feeds eval and predict.
const dir = tempDir();
const modelDir = join(dir, 'mlp');
let trained: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  requireBuiltCli();
  trained = await runCli([
    'train',
    '--model',
    'mlp',
    '--backend',
    'js',
    '--limit',
    '2000',
    '--epochs',
    '2',
    '--out',
    modelDir,
    '--plot',
    join(dir, 'curves.svg'),
    '--json',
  ]);
}, 60_000);

/** A dark digit "1" stroke (slightly slanted) on white paper, 90 x 120, as someone might draw it. */
function drawnOne(): Uint8Array {
  const [width, height] = [90, 120];
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 15; y < 105; y++) {
    const centre = 48 - (y - 15) * 0.06;
    for (let x = Math.round(centre - 5); x <= Math.round(centre + 5); x++) data[y * width + x] = 20;
  }
  return encodePng({ width, height, channels: 1, data });
}

describe('scratchnet train (built CLI, MNIST --limit 2000, js)', () => {
  it('learns far above chance and prints the --json result last', () => {
    expect(trained.code, trained.stderr).toBe(0);
    const result = lastJson(trained.stdout);
    expect(Object.keys(result).sort()).toEqual([
      'backend',
      'dataset',
      'epochs',
      'model',
      'out',
      'secondsPerEpoch',
      'testAccuracy',
      'testLoss',
    ]);
    expect(result).toMatchObject({ backend: 'js', model: 'mlp', dataset: 'mnist', epochs: 2, out: modelDir });
    // Chance is 10% (loss ln 10 = 2.30); 1,667 training images for two epochs reach about 75%.
    expect(result.testAccuracy).toBeGreaterThan(0.6);
    expect(result.testLoss).toBeLessThan(1.6);
    expect(result.secondsPerEpoch).toBeGreaterThan(0);
  });

  it('prints one plain line per epoch when stdout is not a terminal', () => {
    const epochLines = trained.stdout.split('\n').filter((l) => l.startsWith('epoch '));
    expect(epochLines).toHaveLength(2);
    expect(epochLines[0]).toMatch(
      /^epoch 1\/2: loss \d\.\d{4}, accuracy \d+\.\d\d%, val loss \d\.\d{4}, val accuracy \d+\.\d\d%, [\d.]+ s, [\d,]+ samples\/s$/,
    );
    expect(trained.stdout).not.toContain('\r');
    expect(trained.stdout).toContain('1,667 train / 333 validation / 334 test');
    expect(trained.stdout).toMatch(/accuracy {3}\(\* train {3}o validation\)/);
  });

  it('saves a folder that loads, with the run settings and curves', () => {
    const model = loadModel(modelDir);
    expect(model.parameters().map((p) => p.name)).toEqual([
      '1.weight',
      '1.bias',
      '3.weight',
      '3.bias',
      '5.weight',
      '5.bias',
    ]);
    const info = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')).info;
    expect(info.run).toMatchObject({ model: 'mlp', dataset: 'mnist', limit: 2000, valSplit: 333, epochs: 2 });
    expect(info.history).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(modelDir, 'training-state.json'), 'utf8')).epochsDone).toBe(2);
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8').match(/<polyline /g)).toHaveLength(4);
  });

  it('eval reproduces the test accuracy and prints the confusion matrix and per-class table', async () => {
    const r = await runCli(['eval', '--model', modelDir, '--limit', '2000', '--backend', 'js', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = lastJson(r.stdout);
    const train = lastJson(trained.stdout);
    expect(result.testAccuracy).toBe(train.testAccuracy);
    expect(result.testLoss).toBe(train.testLoss);
    expect(result.samples).toBe(334);
    const confusion = result.confusion as number[][];
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(334);
    expect(r.stdout).toContain('confusion matrix (rows: true class, columns: predicted class)');
    expect(r.stdout).toMatch(/class\s+precision\s+recall\s+f1\s+support/);
  });

  it('predict reads a drawn PNG and a PGM and names the class with top-3 probabilities', async () => {
    const png = join(dir, 'one.png');
    writeFileSync(png, drawnOne());
    const pgm = join(dir, 'blank-then-bar.pgm');
    const rows = Array.from({ length: 6 }, (_, y) =>
      Array.from({ length: 5 }, (_, x) => (x === 2 && y > 0 ? 0 : 9)).join(' '),
    );
    writeFileSync(pgm, `P2\n5 6\n9\n${rows.join('\n')}\n`);
    const r = await runCli(['predict', '--model', modelDir, '--backend', 'js', png, pgm, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `${png.replace(/[.\\/]/g, '\\$&')}: 1 {3}\\(top 3: 1 \\d+\\.\\d%, \\d \\d+\\.\\d%, \\d \\d+\\.\\d%\\)`,
      ),
    );
    const { predictions } = lastJson(r.stdout) as {
      predictions: { file: string; label: number; top: { probability: number }[] }[];
    };
    expect(predictions.map((p) => p.file)).toEqual([png, pgm]);
    for (const p of predictions) {
      const probs = p.top.map((t) => t.probability);
      expect(probs).toEqual([...probs].sort((a, b) => b - a));
      expect(probs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1 + 1e-6); // float32 softmax
    }
    expect(predictions[0].label).toBe(1);
  });

  it('--resume continues a run to the same result as an uninterrupted one', async () => {
    // A constant lr, so that a 1-epoch run extended to 2 epochs is the same run as a 2-epoch one
    // (a cosine schedule is planned over --epochs; extending it reshapes the rest of the schedule).
    const common = [
      '--model',
      'mlp',
      '--backend',
      'js',
      '--limit',
      '600',
      '--seed',
      '3',
      '--schedule',
      'none',
      '--json',
    ];
    const whole = await runCli(['train', ...common, '--epochs', '2', '--out', join(dir, 'whole')]);
    const half = await runCli(['train', ...common, '--epochs', '1', '--out', join(dir, 'half')]);
    expect(half.code, half.stderr).toBe(0);
    const resumed = await runCli([
      'train',
      '--resume',
      join(dir, 'half'),
      '--epochs',
      '2',
      '--backend',
      'js',
      '--json',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('epochs 2-2');
    const [a, b] = [lastJson(whole.stdout), lastJson(resumed.stdout)];
    expect(b.epochs).toBe(2);
    expect(b.testLoss).toBe(a.testLoss); // bit-identical: same seed, same order, same optimizer state
    expect(b.testAccuracy).toBe(a.testAccuracy);
  }, 30_000);

  it('--clip-grad-norm clips every step, is saved with the run, and must agree on --resume', async () => {
    const common = [
      '--model',
      'mlp',
      '--backend',
      'js',
      '--limit',
      '300',
      '--epochs',
      '1',
      '--seed',
      '2',
      '--json',
    ];
    const out = join(dir, 'clipped');
    const clipped = await runCli(['train', ...common, '--clip-grad-norm', '0.001', '--out', out]);
    const free = await runCli(['train', ...common]);
    expect(clipped.code, clipped.stderr).toBe(0);
    expect(clipped.stdout).toContain('gradients clipped to norm 0.001');
    // Steps a thousandth long barely move the weights: the loss stays near ln 10, unlike the free run's.
    const [c, f] = [lastJson(clipped.stdout), lastJson(free.stdout)];
    const distance = (r: Record<string, unknown>) => Math.abs((r.testLoss as number) - Math.log(10));
    expect(distance(c)).toBeLessThan(distance(f));
    const saved = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(saved.info.run.clipGradNorm).toBe(0.001);
    const changed = await runCli(['train', '--resume', out, '--epochs', '2', '--clip-grad-norm', '5']);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('was trained with --clip-grad-norm 0.001; drop the flag to resume it');
    const bad = await runCli(['train', ...common, '--clip-grad-norm', '-1']);
    expect(bad.code).toBe(2);
  }, 30_000);

  it('Ctrl-C stops after the current batch and saves a checkpoint that loads', async () => {
    const out = join(dir, 'interrupted');
    let signalled = false;
    const r = await runCli(
      ['train', '--model', 'mlp', '--backend', 'js', '--limit', '6000', '--epochs', '50', '--out', out],
      (stdout, child) => {
        if (!signalled && stdout.includes('epoch 1/50:')) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Ctrl-C: stopping after this batch');
    const saved = join(out, 'interrupted');
    expect(r.stdout).toMatch(
      new RegExp(
        `interrupted in epoch \\d+ after batch \\d+/79; checkpoint saved to ${saved.replace(/[.\\/]/g, '\\$&')}`,
      ),
    );
    const state = JSON.parse(readFileSync(join(saved, 'training-state.json'), 'utf8'));
    const { interrupted } = state;
    expect(state.epochsDone).toBe(interrupted.epoch);
    expect(state.epochsDone).toBeGreaterThanOrEqual(1);
    expect(loadModel(saved).parameters()).toHaveLength(6);
    // The unfinished epoch restarts at its own lr: cosine over 50 x 79 steps, at step epoch x 79
    // (closed form vs PyTorch's recursive update: equal to float64 rounding, ~1e-15 relative).
    const k = interrupted.epoch;
    expect(state.optimizer.hyperparameters.lr).toBeCloseTo(
      (0.001 * (1 + Math.cos((Math.PI * k) / 50))) / 2,
      15,
    );
    const resumed = await runCli(['train', '--resume', out, '--epochs', String(k + 1), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`epochs ${k + 1}-${k + 1}`);
    expect(lastJson(resumed.stdout).epochs).toBe(k + 1);
  }, 30_000);
});

describe('a Graph architecture (model.json) trains, saves, loads, summarises and evaluates like any model', () => {
  it('with a skip connection and a concatenation', async () => {
    const architecture = {
      kind: 'Graph',
      args: [
        {
          inputs: ['image'],
          nodes: [
            { name: 'flat', layer: { kind: 'Flatten', args: [] }, inputs: ['image'] },
            { name: 'fc1', layer: { kind: 'Linear', args: [784, 32, {}] }, inputs: ['flat'] },
            { name: 'act', layer: { kind: 'ReLU', args: [] }, inputs: ['fc1'] },
            { name: 'skip', merge: 'add', inputs: ['act', 'fc1'] },
            { name: 'both', merge: 'concat', inputs: ['skip', 'act'], dim: 1 },
            { name: 'head', layer: { kind: 'Linear', args: [64, 10, {}] }, inputs: ['both'] },
          ],
          outputs: ['head'],
        },
      ],
    };
    const file = join(dir, 'graph.json');
    writeFileSync(file, JSON.stringify({ format: 'scratchnet.model', version: 1, architecture }));
    const out = join(dir, 'graph-run');
    const summary = await runCli(['summary', '--model', file]);
    expect(summary.stdout).toMatch(/0 \(Graph\)\s+\[1, 10\]\s+25,770/);
    const run = await runCli([
      'train',
      '--model',
      file,
      '--limit',
      '1000',
      '--epochs',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const evaluated = await runCli(['eval', '--model', out, '--limit', '1000', '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(lastJson(evaluated.stdout).testAccuracy).toBe(lastJson(run.stdout).testAccuracy);
    expect(Object.keys(loadModel(out).stateDict())).toEqual([
      'fc1.weight',
      'fc1.bias',
      'head.weight',
      'head.bias',
    ]);
  }, 60_000);
});
