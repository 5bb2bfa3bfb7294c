import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// A run killed with SIGKILL (no chance to save on the way out) and resumed from its last
// checkpoint must end bit-identical to the same run left alone: same weights, same test loss.
const dir = tempDir();
const RUN = ['--model', 'mlp', '--backend', 'js', '--limit', '600', '--seed', '5', '--schedule', 'none'];

beforeAll(requireBuiltCli);

describe('train killed with SIGKILL, then --resume', () => {
  it.each([
    // Right after epoch 1's checkpoint exists: the kill lands in epoch 2's first batches.
    ['early in epoch 2', 0],
    // A little later: in epoch 2, in its checkpoint save, or in epoch 3 (each epoch is ~100 ms here).
    ['later, in epoch 2 or 3 or a save between them', 60],
  ])(
    'killed %s, it ends with the uninterrupted run’s weights',
    async (name, delayMs) => {
      const [whole, killed] = [join(dir, `whole-${delayMs}`), join(dir, `killed-${delayMs}`)];
      const uninterrupted = await runCli(['train', ...RUN, '--epochs', '3', '--out', whole, '--json']);
      expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
      let armed = false;
      const first = await runCli(['train', ...RUN, '--epochs', '3', '--out', killed], (stdout, child) => {
        if (armed || !stdout.includes('epoch 1/3:')) return;
        armed = true;
        // Epoch 1's line comes just before its save: wait for the saved set, then kill without warning.
        const poll = setInterval(() => {
          if (!existsSync(join(killed, 'checkpoint.json'))) return;
          clearInterval(poll);
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }, 2);
      });
      expect(first.code, `${name}: ${first.stderr}`).toBeNull();
      const resumed = await runCli([
        'train',
        '--resume',
        killed,
        '--epochs',
        '3',
        '--backend',
        'js',
        '--json',
      ]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(/epochs [12]-3/);
      const weights = (d: string) => readFileSync(join(d, 'model.safetensors'));
      expect(weights(killed).equals(weights(whole))).toBe(true);
      expect(lastJson(resumed.stdout).testLoss).toBe(lastJson(uninterrupted.stdout).testLoss);
    },
    60_000,
  );
});
