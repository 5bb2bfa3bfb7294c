import { spawnSync } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Every step is bounded: a hung install fails the test instead of stalling CI. */
  timeoutMs: number;
}

/** Runs a command to completion; throws with its output when it fails or times out. */
export function run(command: string, args: string[], options: RunOptions): string {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = `${command} ${args.join(' ')}`;
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    throw new Error(
      `${line} (in ${options.cwd}) failed after ${seconds} s: ${why}\n${result.stdout}${result.stderr}`,
    );
  }
  console.log(`release-test: ${line} took ${seconds} s`);
  return result.stdout;
}

/**
 * The environment without npm's and pnpm's own variables (a parent `pnpm test` sets many) and
 * without scratchnet's (the installed packages must run on their defaults).
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|scratchnet_)/i.test(key)) env[key] = value;
  }
  return env;
}

/** The registry npm is configured with here: the registry's uplink for third-party packages. */
export function upstreamRegistry(): string {
  const output = run('npm', ['config', 'get', 'registry'], {
    cwd: process.cwd(),
    env: cleanEnv(),
    timeoutMs: 30_000,
  });
  const url = output.trim().split('\n').pop()?.trim() ?? '';
  if (!/^https?:\/\//.test(url))
    throw new Error(`npm config get registry printed no URL: ${JSON.stringify(output)}`);
  return url;
}
