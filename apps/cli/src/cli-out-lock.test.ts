import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

// One run per --out folder: a second run into it fails at once naming the first; the lock a run
// killed with SIGKILL leaves behind is recognised as stale, and the next run goes ahead.
const dir = tempDir();
const RUN = ['train', '--model', 'mlp', '--backend', 'js', '--limit', '600'];
const lockFile = (out: string) => join(out, 'scratchnet.lock');

beforeAll(requireBuiltCli);

describe('train: the --out folder is locked while a run writes there', () => {
  it('a second run into the same --out fails at once, naming the folder, the first run’s pid and start', async () => {
    const out = join(dir, 'busy');
    let second: Promise<CliResult> | undefined;
    let firstPid = 0;
    let lock: { pid: number; startedAt: string } | undefined;
    const first = await runCli([...RUN, '--epochs', '1000', '--out', out], (stdout, child) => {
      if (second || !stdout.includes('scratchnet train:')) return;
      firstPid = child.pid as number;
      if (existsSync(lockFile(out))) lock = JSON.parse(readFileSync(lockFile(out), 'utf8'));
      second = runCli([...RUN, '--epochs', '1', '--out', out]).finally(() => child.kill('SIGINT'));
    });
    const refused = await (second as Promise<CliResult>);
    expect(refused.code, refused.stdout).toBe(1);
    expect(lock).toMatchObject({ pid: firstPid, hostname: hostname() });
    expect(refused.stderr).toBe(
      `error: ${out} is in use by another training run (pid ${firstPid} on host ${hostname()}, started ` +
        `${lock?.startedAt}; lock file ${lockFile(out)}). Wait for it to finish or stop it, or write to ` +
        `another folder; if that process is no longer running, delete ${lockFile(out)}.\n`,
    );
    // The first run went on until Ctrl-C, saved, and gave the folder back.
    expect(first.code, first.stderr).toBe(130);
    expect(existsSync(lockFile(out))).toBe(false);
  }, 60_000);

  it('the lock of a run killed with SIGKILL is stale: the next run takes it over, says so, and trains', async () => {
    const out = join(dir, 'killed');
    let killedPid = 0;
    const killed = await runCli([...RUN, '--epochs', '1000', '--out', out], (stdout, child) => {
      if (killedPid || !stdout.includes('scratchnet train:')) return;
      killedPid = child.pid as number;
      child.kill('SIGKILL');
    });
    expect(killed.code).toBeNull();
    expect(JSON.parse(readFileSync(lockFile(out), 'utf8')).pid).toBe(killedPid);
    const next = await runCli([...RUN, '--epochs', '1', '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(
      new RegExp(
        `^warning: .*killed: took over the lock of pid ${killedPid} \\(started .*\\), which is no longer running\n`,
      ),
    );
    expect(existsSync(lockFile(out))).toBe(false);
    // A run that fails after taking the lock gives it back too.
    const failed = await runCli(['train', '--resume', out, '--model', 'lenet']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('was trained with --model mlp');
    expect(existsSync(lockFile(out))).toBe(false);
  }, 60_000);
});
