import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockOutDir, OutDirLockedError } from './out-dir-lock';

const child = fileURLToPath(new URL('./out-dir-lock-child.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'scratchnet-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));

/** Runs the locking child on `dir`, ending as `ending` says; `wait` is SIGKILLed once it holds the lock. */
function childLocks(
  dir: string,
  ending: 'wait' | 'exit' | 'throw',
): Promise<{ pid: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, ending], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.on('data', (chunk) => {
      if (ending === 'wait' && String(chunk).includes('locked')) p.kill('SIGKILL');
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ pid: p.pid as number, code }));
  });
}

describe('lockOutDir', () => {
  it('writes the pid, host and start time into the folder’s lock file; release removes it', () => {
    const dir = join(root, 'plain', 'run'); // created
    const lock = lockOutDir(dir);
    expect(lock.file).toBe(join(dir, LOCK_FILE));
    expect(lockOf(dir)).toEqual({ pid: process.pid, hostname: hostname(), startedAt: expect.any(String) });
    expect(Date.now() - Date.parse(lockOf(dir).startedAt)).toBeLessThan(60_000);
    expect(lock.tookOverFrom).toBeUndefined();
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    expect(existsSync(dir)).toBe(false); // made by the lock and left empty
    lock.release(); // idempotent
    const again = lockOutDir(dir); // free again
    writeFileSync(join(dir, 'model.json'), '{}');
    again.release();
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('refuses a folder a running process holds, naming the folder, the pid, its start and what to do', () => {
    const dir = join(root, 'held');
    const lock = lockOutDir(dir);
    const { startedAt } = lockOf(dir);
    let error: unknown;
    try {
      lockOutDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutDirLockedError);
    expect((error as Error).message).toBe(
      `${dir} is in use by another training run (pid ${process.pid} on host ${hostname()}, started ${startedAt}; ` +
        `lock file ${lock.file}). Wait for it to finish or stop it, or write to another folder; ` +
        `if that process is no longer running, delete ${lock.file}.`,
    );
    expect(lockOf(dir).startedAt).toBe(startedAt); // the holder's lock is untouched
    lock.release();
  });

  it('takes over the lock of a process killed with SIGKILL, and says whose it was', async () => {
    const dir = join(root, 'killed');
    const { pid } = await childLocks(dir, 'wait');
    expect(lockOf(dir).pid).toBe(pid); // left behind
    const lock = lockOutDir(dir);
    expect(lock.tookOverFrom).toMatchObject({ pid, hostname: hostname() });
    expect(lockOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it.each(['exit', 'throw'] as const)('is released when the process ends by %s', async (ending) => {
    const dir = join(root, `ends-${ending}`);
    const { code } = await childLocks(dir, ending);
    expect(code).not.toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('never takes over a lock from another host, nor one it cannot read', () => {
    const elsewhere = join(root, 'elsewhere');
    mkdirSync(elsewhere);
    const holder = { pid: 2 ** 22 + 1, hostname: `not-${hostname()}`, startedAt: '2025-01-01T00:00:00.000Z' };
    writeFileSync(join(elsewhere, LOCK_FILE), JSON.stringify(holder));
    expect(() => lockOutDir(elsewhere)).toThrow(
      `(pid ${holder.pid} on host not-${hostname()}, started 2025-01-01`,
    );
    const garbled = join(root, 'garbled');
    mkdirSync(garbled);
    writeFileSync(join(garbled, LOCK_FILE), '{"pid":');
    expect(() => lockOutDir(garbled)).toThrow(
      `${garbled} is in use by another training run (a lock file that cannot be read; lock file`,
    );
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const dir = join(root, 'replaced');
    const lock = lockOutDir(dir);
    const other = { pid: process.pid, hostname: hostname(), startedAt: '2025-01-01T00:00:00.000Z' };
    writeFileSync(lock.file, JSON.stringify(other));
    lock.release();
    expect(lockOf(dir)).toEqual(other);
  });
});
