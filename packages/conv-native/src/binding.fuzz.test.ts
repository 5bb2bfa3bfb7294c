import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface FuzzReport {
  error?: string;
  calls: number;
  threw: number;
  returned: number;
  problems: { op: string; message: string; geometry: string }[];
  afterwards: number;
}

const RUNS = 2000;

describe('the addon under seeded random bad arguments (child process)', () => {
  // A child process, so that a crash or an abort fails this test instead of killing the runner.
  const script = fileURLToPath(new URL('./binding-fuzz-child.mjs', import.meta.url));
  const child = spawnSync(process.execPath, [script, String(RUNS)], { encoding: 'utf8', timeout: 60_000 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  const report = (line ? JSON.parse(line) : { error: `no report; stderr: ${child.stderr}` }) as FuzzReport;

  it('runs every call without a crash, hang or abort, and the addon still computes afterwards', () => {
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(report.error).toBeUndefined();
    expect(report.calls).toBe(RUNS);
    // Most mutations are invalid; the rest happen to be consistent (say, a longer zero-filled buffer swapped in for a valid one of the same length).
    expect(report.threw).toBeGreaterThan(RUNS * 0.8);
    // 27 taps of 1 * 1 plus a bias of 0.5.
    expect(report.afterwards).toBe(27.5);
  });

  it("every failure is an Error whose message starts with the function's name", () => {
    const lines = (report.problems ?? []).map((p) => `${p.op}(geometry ${p.geometry}): ${p.message}`);
    expect(lines, lines.join('\n')).toEqual([]);
  });
});
