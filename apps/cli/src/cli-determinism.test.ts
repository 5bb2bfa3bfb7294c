import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// Same seed, same backend -> the same weights, bit for bit, run after run.
const dir = tempDir();
const RUN = ['--model', 'lenet', '--limit', '40', '--epochs', '1', '--batch-size', '16', '--seed', '9'];

async function trainedWeights(name: string, backend: string, threads: number): Promise<Buffer> {
  const out = join(dir, name);
  const r = await runCli(['train', ...RUN, '--backend', backend, '--threads', String(threads), '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return readFileSync(join(out, 'model.safetensors'));
}

beforeAll(requireBuiltCli);

describe('train: determinism', () => {
  it('wasm: identical weights across runs and across --threads (the wasm worker pool is bit-identical for any size)', async () => {
    const [a, b, c] = [
      await trainedWeights('wasm-1', 'wasm', 1),
      await trainedWeights('wasm-2', 'wasm', 2),
      await trainedWeights('wasm-2-again', 'wasm', 2),
    ];
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
  }, 60_000);

  it('native: identical weights across runs with the same --threads', async () => {
    const [a, b] = [
      await trainedWeights('native-2', 'native', 2),
      await trainedWeights('native-2-again', 'native', 2),
    ];
    expect(b.equals(a)).toBe(true);
  }, 60_000);
});
