import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// Ctrl-C in the middle of an epoch saves an inexact checkpoint beside the exact one of the last
// epoch end, never over it, and --resume says which of the two it continues.
const dir = tempDir();
const out = join(dir, 'run');
const RUN = ['--model', 'mlp', '--backend', 'js', '--limit', '3000', '--seed', '4', '--schedule', 'none'];
const EXACT_SET = ['checkpoint.json', 'model.json', 'model.safetensors', 'training-state.json'];
/** name -> SHA-256 of each file of the exact set (digests: a failing comparison of 4 MB buffers would never finish printing). */
const exactSet = () =>
  Object.fromEntries(
    EXACT_SET.map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(out, name)))
        .digest('hex'),
    ]),
  );
const trainingState = (d: string) => JSON.parse(readFileSync(join(d, 'training-state.json'), 'utf8'));

let stopped: CliResult;
let exactBeforeSignal: Record<string, string> = {};

beforeAll(async () => {
  requireBuiltCli();
  let armed = false;
  stopped = await runCli(['train', ...RUN, '--epochs', '3', '--out', out], (stdout, child) => {
    if (armed || !stdout.includes('epoch 1/3:')) return;
    armed = true;
    // Epoch 1's line comes just before its save: wait for the saved set, then press Ctrl-C in epoch 2.
    const poll = setInterval(() => {
      if (!existsSync(join(out, 'checkpoint.json'))) return;
      clearInterval(poll);
      exactBeforeSignal = exactSet();
      child.kill('SIGINT');
    }, 2);
  });
}, 60_000);

describe('train: Ctrl-C in epoch 2 after epoch 1 was saved', () => {
  it('keeps the exact checkpoint of epoch 1 byte for byte and saves the interrupted one apart', () => {
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(exactSet()).toEqual(exactBeforeSignal);
    expect(trainingState(out).epochsDone).toBe(1);
    const interrupted = join(out, 'interrupted');
    expect(trainingState(interrupted)).toMatchObject({
      epochsDone: 1,
      interrupted: { epoch: 1, batches: 40 },
    });
    expect(stopped.stdout).toContain(
      `checkpoint saved to ${interrupted} (the exact checkpoint in ${out} is kept)`,
    );
  });

  it('--resume-from exact continues the end of epoch 1 and says so', async () => {
    const r = await runCli([
      'train',
      '--resume',
      out,
      '--resume-from',
      'exact',
      '--epochs',
      '2',
      '--out',
      join(dir, 'from-exact'),
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`resuming from the exact checkpoint in ${out} at the end of epoch 1`);
    expect(lastJson(r.stdout).epochs).toBe(2);
  }, 30_000);

  it('--resume takes the newest, the interrupted one, says it is inexact, and retires it after the epoch', async () => {
    const { batch } = trainingState(join(out, 'interrupted')).interrupted;
    const r = await runCli(['train', '--resume', out, '--epochs', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `resuming from the interrupted checkpoint in ${join(out, 'interrupted')} at epoch 2, batch ${batch + 1}/40 ` +
        '(inexact: epoch 2 restarts at its first batch',
    );
    expect(lastJson(r.stdout).epochs).toBe(2);
    expect(trainingState(out).epochsDone).toBe(2);
    expect(existsSync(join(out, 'interrupted'))).toBe(false);
  }, 30_000);
});
