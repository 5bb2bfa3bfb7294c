import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

const dir = tempDir();

beforeAll(() => requireBuiltCli());

describe('scratchnet tools (built CLI)', () => {
  it("find-conv prints the plan in the seeds' format", async () => {
    const r = await runCli(['find-conv', '21', '25', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '(1x1) kernel, 0 padding\n(1x1) kernel, 1 padding\n(1x1) kernel, 1 padding\nsizes: 21 -> 21 -> 23 -> 25\n',
    );
    const shrink = await runCli(['find-conv', '25', '20', '1']);
    expect(shrink.stdout).toContain('(6x6) kernel, 0 padding');
  });

  it('doctor reports Node, backends, threads and where MNIST was found', async () => {
    const r = await runCli(['doctor', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`node      ${process.version} on ${process.platform}-${process.arch}`);
    expect(r.stdout).toMatch(/backends {2}registered: js.*; active: (js|native)/);
    expect(r.stdout).toMatch(/threads {3}/);
    const report = lastJson(r.stdout) as {
      backends: { registered: string[] };
      native: { available: boolean; errors: string[] };
      datasets: { mnist: { found: boolean; where: string } };
    };
    expect(report.backends.registered).toContain('js');
    if (!report.native.available) expect(report.native.errors.length).toBeGreaterThan(0);
    expect(report.datasets.mnist.found).toBe(true);
    expect(report.datasets.mnist.where).toContain('t10k-images-idx3-ubyte');
  });

  it('doctor --explain names the backend, algorithm and threads of every layer of a preset', async () => {
    const r = await runCli(['doctor', '--explain', '--backend', 'wasm', '--threads', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/plans {5}lenet, a batch of \[64, 1, 28, 28\]/);
    const { plans } = lastJson(r.stdout) as {
      plans: { label: string; kernel: string; backend: string; algorithm: string; threads: number }[];
    };
    // lenet: two convolutions, three kernel calls each, and two linear layers, four each (y, dx, dW, db).
    expect(plans).toHaveLength(14);
    expect(plans[0]).toEqual({
      label: '0 Conv2d(1 -> 32, kernel 5x5, padding=2) forward',
      kernel: 'conv2dForward',
      backend: 'wasm',
      algorithm: 'simd-rows',
      threads: 2,
    });
    expect(plans.map((p) => p.kernel)).toEqual([
      ...['conv2dForward', 'conv2dBackwardInput', 'conv2dBackwardWeight'],
      ...['conv2dForward', 'conv2dBackwardInput', 'conv2dBackwardWeight'],
      ...['matmul', 'matmul', 'matmul', 'matmul'],
      ...['matmul', 'matmul', 'matmul', 'matmul'],
    ]);
    const js = await runCli(['doctor', '--explain', '--model', 'mlp', '--backend', 'js', '--json']);
    const jsPlans = (lastJson(js.stdout) as { plans: { algorithm: string; threads: number }[] }).plans;
    expect(new Set(jsPlans.map((p) => `${p.algorithm} x${p.threads}`))).toEqual(new Set(['dot products x1']));
  });

  it('says why native is unavailable, and fails when it is asked for (exit 1)', async () => {
    const disabled = { SCRATCHNET_CONV_NATIVE_DISABLE: '1' };
    const doctor = await runCli(['doctor'], undefined, disabled);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/backends {2}registered: js, wasm; active: wasm/);
    expect(doctor.stdout).toMatch(/native {4}not loaded:\n {4}- .*SCRATCHNET_CONV_NATIVE_DISABLE/);
    const train = await runCli(['train', '--backend', 'native', '--limit', '100'], undefined, disabled);
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/^error: setBackend: backend 'native' could not be loaded:\n {2}- /);
  });

  it('a data set that is not installed is a runtime failure listing where it looked (exit 1)', async () => {
    const empty = tempDir();
    const r = await runCli(['train', '--dataset', 'fashion-mnist', '--model', 'mlp'], undefined, {
      SCRATCHNET_DATA_DIR: empty,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: loadFashionMnist: Fashion-MNIST train split not found.');
    expect(r.stderr).toContain(
      `$SCRATCHNET_DATA_DIR/fashion-mnist (${join(empty, 'fashion-mnist')}): no such folder`,
    );
    expect(r.stderr).not.toContain('--help');
  });

  it('summary prints layers, output shapes and parameter counts', async () => {
    const r = await runCli(['summary', '--model', 'lenet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/7 \(Linear\)\s+\[1, 128\]\s+401,536/);
    expect(r.stdout).toContain('Total params: 454,922');
    const points = await runCli(['summary', '--model', 'mlp', '--dataset', 'spirals']);
    expect(points.stdout).toMatch(/4 \(Linear\)\s+\[1, 3\]\s+195/);
  });

  it('gradcheck passes a layer and rejects an unknown one', async () => {
    const r = await runCli(['gradcheck', '--layer', 'conv2d', '--backend', 'js']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Conv2d\s+\[2, 2, 5, 5\]\s+weight bias\s+\S+\s+\S+\s+ok/);
    expect(r.stdout).toContain('all 1 passed');
    const bad = await runCli(['gradcheck', '--layer', 'Transformer']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --layer Transformer: unknown layer; choose one of Linear, Conv2d');
  });

  it('bench times the js backend and prints GFLOP/s', async () => {
    const r = await runCli(['bench', 'matmul', '--backend', 'js', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/matmul 256x256x256\s+js\s+[\d.]+ ms\s+[\d.]+ GFLOP\/s/);
    const { results } = lastJson(r.stdout) as { results: { rate: number }[] };
    expect(results).toHaveLength(2);
    for (const x of results) expect(x.rate).toBeGreaterThan(0);
  });

  it('trains the spirals set to high accuracy', async () => {
    const r = await runCli([
      'train',
      '--dataset',
      'spirals',
      '--model',
      'mlp',
      '--epochs',
      '8',
      '--lr',
      '0.01',
      '--backend',
      'js',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    // Chance is 1/3; a 2-64-64-3 MLP separates the three arms almost perfectly.
    expect(lastJson(r.stdout).testAccuracy).toBeGreaterThan(0.9);
  }, 30_000);
});

describe('bad input: one line saying what and where, the usage hint, exit code 2', () => {
  const usage = async (
    args: string[],
    message: string | RegExp,
    hint = `(run 'scratchnet ${args[0]} --help' for usage)`,
  ) => {
    const r = await runCli(args);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  };

  it('unknown flags', () => usage(['train', '--frobnicate'], "error: unknown option '--frobnicate'"));
  it('bad numbers', async () => {
    await usage(
      ['train', '--epochs', 'abc'],
      "error: option '--epochs <n>' argument 'abc' is invalid. expected a positive integer.",
    );
    await usage(
      ['train', '--lr', '-1'],
      "error: option '--lr <x>' argument '-1' is invalid. expected a positive number.",
    );
    await usage(
      ['find-conv', '21', 'x', '3'],
      "error: command-argument value 'x' is invalid for argument 'out'. expected a positive integer.",
    );
  });
  it('a validation split as large as the training set', () =>
    usage(
      ['train', '--limit', '120', '--val-split', '120', '--model', 'mlp'],
      'error: --val-split 120: must be smaller than the 120 training samples',
    ));
  it('bad choices', () =>
    usage(
      ['train', '--backend', 'gpu'],
      "error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are auto, native, wasm, js.",
    ));
  it('a plot file of an unknown type', () =>
    usage(
      ['train', '--plot', 'curves.jpg'],
      /argument 'curves\.jpg' is invalid\. expected a file name ending in \.svg or \.png\./,
    ));
  it('missing model folder', () =>
    usage(['eval', '--model', join(dir, 'nope')], `error: --model ${join(dir, 'nope')}: no such folder`));
  it('missing and unreadable images', async () => {
    const garbage = join(dir, 'garbage.png');
    writeFileSync(garbage, 'this is not an image');
    mkdirSync(join(dir, 'model'), { recursive: true });
    // The model is checked first; make a valid one quickly from the mlp architecture.
    const trained = await runCli([
      'train',
      '--model',
      'mlp',
      '--backend',
      'js',
      '--limit',
      '120',
      '--epochs',
      '1',
      '--out',
      join(dir, 'model'),
    ]);
    expect(trained.code, trained.stderr).toBe(0);
    await usage(
      ['predict', '--model', join(dir, 'model'), join(dir, 'missing.png')],
      `error: ${join(dir, 'missing.png')}: cannot read the image (no such file)`,
    );
    await usage(
      ['predict', '--model', join(dir, 'model'), garbage],
      `error: ${garbage}: not a PNG, JPEG or PGM image (unrecognised signature)`,
    );
  }, 20_000);
  it('a model file of another architecture', async () => {
    const file = join(dir, 'tiny.json');
    const architecture = { kind: 'Sequential', args: [{ kind: 'Linear', args: [5, 10, {}] }] };
    writeFileSync(file, JSON.stringify({ format: 'scratchnet.model', version: 1, architecture }));
    await usage(
      ['train', '--model', file, '--limit', '100'],
      new RegExp(
        `error: --model ${file.replace(/[.\\/]/g, '\\$&')}: the model does not take mnist samples \\[1, 1, 28, 28\\]`,
      ),
    );
    await usage(
      ['train', '--resume', join(dir, 'model'), '--model', 'lenet'],
      /error: --model lenet: the checkpoint in .* was trained with --model mlp; drop the flag to resume it/,
    );
  });
  it('prints the stack trace only with --verbose', async () => {
    const r = await runCli(['eval', '--verbose', '--model', join(dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
