import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command: end-to-end tests run exactly what users run. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'pnpm --filter @scratchnet/cli build' first`);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scratchnet-cli-'));
}

/** Starts `node dist/cli.js ...args` with pipes (so stdout is not a TTY); `onStdout` sees output as it comes. */
export function runCli(
  args: string[],
  onStdout?: (text: string, child: ChildProcess) => void,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...envWithoutBackend(), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The JSON object on the last line of stdout. */
export function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** The tests pick backends with --backend; a SCRATCHNET_BACKEND in the caller's shell must not leak in. */
function envWithoutBackend(): NodeJS.ProcessEnv {
  const { SCRATCHNET_BACKEND: _ignored, ...env } = process.env;
  return env;
}
