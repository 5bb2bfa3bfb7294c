import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/dist/cli.js', import.meta.url));

/** Runs the built `scratchnet` CLI with `args`; throws with its stderr when it fails. */
function scratchnet(args: string[]): void {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built (${CLI} is missing): run pnpm build first`);
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) {
    throw new Error(`scratchnet ${args.join(' ')} exited with ${run.status ?? run.signal}:\n${run.stderr}`);
  }
}

/** Trains a small MLP with the built `scratchnet` CLI, which writes dir/model.json + dir/model.safetensors. */
export async function makeCliModel(dir: string): Promise<{ dir: string; json: string; weights: string }> {
  const args = ['train', '--model', 'mlp', '--dataset', 'mnist', '--limit', '2000', '--val-split', '0'];
  args.push('--epochs', '3', '--batch-size', '32', '--backend', 'js', '--seed', '1', '--out', dir);
  scratchnet(args);
  return { dir, json: `${dir}/model.json`, weights: `${dir}/model.safetensors` };
}

/** Writes the model folder `dir` as the ONNX file `out` with `scratchnet export --format onnx`. */
export function exportCliModel(dir: string, out: string): string {
  scratchnet(['export', '--model', dir, '--format', 'onnx', '--out', out]);
  return out;
}
