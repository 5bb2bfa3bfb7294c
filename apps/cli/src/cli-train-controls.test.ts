import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// Small runs on the js backend: 300 MNIST samples, 250 train / 50 validation, batch 64 (4 batches).
const dir = tempDir();
const common = ['--model', 'mlp', '--backend', 'js', '--limit', '300', '--seed', '4', '--json'];

beforeAll(() => requireBuiltCli());

interface Saved {
  run: Record<string, unknown>;
  history: { lr: number; valLoss: number }[];
}
const savedRun = (out: string): Saved => JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).info;

/** Runs the CLI and expects a usage error (exit code 2) saying `message`. */
async function refused(args: string[], message: string): Promise<void> {
  const r = await runCli(args);
  expect(r.code, r.stdout).toBe(2);
  expect(r.stderr).toContain(message);
}

async function train(name: string, flags: string[]): Promise<Saved & { testLoss: number }> {
  const out = join(dir, name);
  const r = await runCli(['train', ...common, ...flags, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return { ...savedRun(out), testLoss: lastJson(r.stdout).testLoss as number };
}

describe('train: optimizer flags', () => {
  it('--optimizer rmsprop, --nesterov and --weight-decay change the run and are saved with it', async () => {
    const sgd = await train('sgd', ['--optimizer', 'sgd', '--epochs', '1']);
    const nesterov = await train('nesterov', ['--optimizer', 'sgd', '--nesterov', '--epochs', '1']);
    const rmsprop = await train('rmsprop', [
      '--optimizer',
      'rmsprop',
      '--weight-decay',
      '0.05',
      '--epochs',
      '1',
    ]);
    expect(nesterov.testLoss).not.toBe(sgd.testLoss);
    expect(nesterov.run.nesterov).toBe(true);
    expect(rmsprop.run).toMatchObject({ optimizer: 'rmsprop', lr: 0.001, weightDecay: 0.05 });
    expect(sgd.run).not.toHaveProperty('weightDecay');

    await refused(
      ['train', '--resume', join(dir, 'rmsprop'), '--weight-decay', '0'],
      'was trained with --weight-decay 0.05; drop the flag to resume it',
    );
    await refused(
      ['train', ...common, '--nesterov'],
      '--nesterov: only with --optimizer sgd (got --optimizer adam)',
    );
  }, 30_000);
});

describe('train: --schedule', () => {
  it('step multiplies the lr by --gamma every --step-size epochs, and --resume replays it', async () => {
    const flags = ['--schedule', 'step', '--step-size', '1', '--gamma', '0.5', '--lr', '0.004'];
    const whole = await train('step-whole', [...flags, '--epochs', '3']);
    expect(whole.history.map((e) => e.lr)).toEqual([0.004, 0.002, 0.001]);
    expect(whole.run).toMatchObject({ schedule: 'step', stepSize: 1, gamma: 0.5 });
    await train('step-half', [...flags, '--epochs', '1']);
    // The same flags again agree with the checkpoint; only --epochs grows.
    const resumed = await runCli(['train', '--resume', join(dir, 'step-half'), ...common, '--epochs', '3']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(savedRun(join(dir, 'step-half')).history.map((e) => e.lr)).toEqual([0.004, 0.002, 0.001]);
    expect(lastJson(resumed.stdout).testLoss).toBe(whole.testLoss);
  }, 30_000);

  it('onecycle starts at --lr/25, warmup at --lr/3', async () => {
    const onecycle = await train('onecycle', ['--schedule', 'onecycle', '--lr', '0.01', '--epochs', '2']);
    expect(onecycle.history[0].lr).toBeCloseTo(0.01 / 25, 15);
    // 8 batches, the peak at step 0.3 * 8 - 1 = 1.4: past it by the second epoch's start (step 4).
    expect(onecycle.history[1].lr).toBeLessThan(0.01);
    expect(onecycle.history[1].lr).toBeGreaterThan(0.01 / 25);
    const warmup = await train('warmup', [
      '--schedule',
      'warmup',
      '--warmup-steps',
      '4',
      '--lr',
      '0.01',
      '--epochs',
      '2',
    ]);
    expect(warmup.history[0].lr).toBeCloseTo(0.01 / 3, 15);
    expect(warmup.history[1].lr).toBe(0.01);
    expect(warmup.run.warmupSteps).toBe(4);
  }, 30_000);

  it('plateau cuts the lr tenfold after an epoch without a better validation loss (--plateau-patience 0)', async () => {
    const { history, run } = await train('plateau', [
      '--schedule',
      'plateau',
      '--plateau-patience',
      '0',
      '--optimizer',
      'sgd',
      '--lr',
      '2',
      '--epochs',
      '4',
    ]);
    expect(run.plateauPatience).toBe(0);
    let lr = 2;
    let best = Number.POSITIVE_INFINITY;
    history.forEach((epoch, i) => {
      expect(epoch.lr, `epoch ${i}`).toBeCloseTo(lr, 15);
      if (epoch.valLoss < best * (1 - 1e-4)) best = epoch.valLoss;
      else lr *= 0.1;
    });
    expect(lr, 'sgd at lr 2 overshoots: some epoch has a worse validation loss').toBeLessThan(2);
  }, 30_000);
});

describe('train: --early-stopping and --save-best', () => {
  it('stops after PATIENCE epochs without a better validation loss, restores the best weights, and saves them to OUT/best', async () => {
    const out = join(dir, 'early');
    // sgd at lr 2 overshoots: the validation loss rises in some epoch.
    const flags = ['--optimizer', 'sgd', '--lr', '2', '--schedule', 'none', '--epochs', '8'];
    const r = await runCli([
      'train',
      ...common,
      ...flags,
      '--early-stopping',
      '1',
      '--save-best',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /stopped early: early stopping: valLoss did not improve for 1 epoch\(s\) \(best [\d.]+; weights of epoch \d restored\)/,
    );
    const { history, run } = savedRun(out);
    expect(run.earlyStopping).toBe(1);
    expect(history.length).toBeLessThan(8);
    const losses = history.map((e) => e.valLoss);
    const bestEpoch = losses.indexOf(Math.min(...losses));
    expect(bestEpoch).toBe(history.length - 2);
    // OUT/best holds the best epoch, and the model at the end (restored) is that same model.
    expect(savedRun(join(out, 'best')).history).toHaveLength(bestEpoch + 1);
    const weights = (d: string) => readFileSync(join(d, 'model.safetensors'));
    expect(weights(out).equals(weights(join(out, 'best')))).toBe(true);

    await refused(
      ['train', '--resume', out, '--early-stopping', '3'],
      'was trained with --early-stopping 1; drop the flag to resume it',
    );
  }, 30_000);
});

describe('train: flags that cannot work together', () => {
  it('refuses a schedule flag of another schedule, --save-best without --out, and the validation-loss watchers without validation data', async () => {
    await refused(
      ['train', ...common, '--schedule', 'cosine', '--step-size', '2'],
      '--step-size: only with --schedule step (got --schedule cosine)',
    );
    await refused(['train', ...common, '--save-best'], '--save-best: give --out DIR too');
    const noValidation = ['train', ...common, '--val-split', '0'];
    await refused(
      [...noValidation, '--schedule', 'plateau'],
      '--schedule plateau: watches the validation loss',
    );
    await refused(
      [...noValidation, '--early-stopping', '2'],
      '--early-stopping 2: watches the validation loss',
    );
    await refused(
      [...noValidation, '--save-best', '--out', join(dir, 'x')],
      '--save-best: watches the validation loss',
    );
  }, 30_000);
});

describe('lr-find', () => {
  it('sweeps the lr exponentially, stops when the loss diverges, suggests an lr and plots loss against lr', async () => {
    const plot = join(dir, 'lr.svg');
    const r = await runCli([
      'lr-find',
      ...common,
      '--limit',
      '600',
      '--steps',
      '40',
      '--start-lr',
      '1e-5',
      '--end-lr',
      '100',
      '--plot',
      plot,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const { lrs, losses, suggestion, divergedAt } = lastJson(r.stdout) as {
      lrs: number[];
      losses: number[];
      suggestion: number;
      divergedAt: number;
    };
    expect(lrs[0]).toBe(1e-5);
    expect(lrs[1] / lrs[0]).toBeCloseTo(10 ** (7 / 39), 12);
    expect(losses).toHaveLength(lrs.length);
    // Adam at lr 100 blows up: the sweep ends early.
    expect(divergedAt).toBeLessThanOrEqual(100);
    expect(lrs.length).toBeLessThan(40);
    expect(suggestion).toBeGreaterThan(1e-5);
    expect(suggestion).toBeLessThan(divergedAt);
    expect(r.stdout).toContain(`steepest descent at lr ${suggestion.toPrecision(3)}`);
    expect(readFileSync(plot, 'utf8')).toContain('>lr</text>');

    await refused(
      ['lr-find', ...common, '--start-lr', '1', '--end-lr', '0.1'],
      '--start-lr 1: must be below --end-lr 0.1',
    );
  }, 30_000);
});

describe('train: --augment', () => {
  it('shifts the training digits each epoch, is saved with the run, and resumes to the same result', async () => {
    const plain = await train('plain', ['--epochs', '2', '--schedule', 'none']);
    const augmented = await train('augmented', ['--augment', '--epochs', '2', '--schedule', 'none']);
    expect(augmented.run.augment).toBe(true);
    expect(plain.run).not.toHaveProperty('augment');
    expect(augmented.testLoss).not.toBe(plain.testLoss);
    // The shifts are drawn from the run's seed and the epoch alone: a resumed run repeats them. The
    // backend is not part of the run (a resumed run picks its own): this one asks for js again.
    await train('augmented-half', ['--augment', '--epochs', '1', '--schedule', 'none']);
    const resumed = await runCli([
      'train',
      '--resume',
      join(dir, 'augmented-half'),
      '--epochs',
      '2',
      '--backend',
      'js',
      '--json',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJson(resumed.stdout).testLoss).toBe(augmented.testLoss);
    await refused(
      ['train', '--model', 'mlp', '--dataset', 'spirals', '--backend', 'js', '--augment'],
      '--augment: shifts, crops and flips pictures; these samples have shape [2], not [channels, height, width]',
    );
  }, 40_000);
});
