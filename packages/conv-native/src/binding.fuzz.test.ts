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
  skipped?: number;
  overLimit?: number;
}

/** Runs a fuzzing child (so that a crash or an abort fails the test instead of killing the runner). */
function runChild(name: string, runs: number) {
  const script = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const child = spawnSync(process.execPath, [script, String(runs)], { encoding: 'utf8', timeout: 60_000 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
  const report = (line ? JSON.parse(line) : { error: `no report; stderr: ${child.stderr}` }) as FuzzReport;
  return { child, report };
}

function problemLines(report: FuzzReport): string[] {
  return (report.problems ?? []).map((p) => `${p.op}(geometry ${p.geometry}): ${p.message}`);
}

const RUNS = 2000;

describe('the addon under seeded random bad arguments (child process)', () => {
  const { child, report } = runChild('binding-fuzz-child.mjs', RUNS);

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
    const lines = problemLines(report);
    expect(lines, lines.join('\n')).toEqual([]);
  });
});

const SCRATCH_RUNS = 1500;

describe('the addon under valid geometries with absurd scratch over small arrays (child process)', () => {
  const { child, report } = runChild('scratch-fuzz-child.mjs', SCRATCH_RUNS);

  it('runs every call without a crash, hang or abort, and the addon still computes afterwards', () => {
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(report.error).toBeUndefined();
    expect(report.calls + (report.skipped ?? 0)).toBe(SCRATCH_RUNS);
    // Enough geometries ran, some computed and some hit the scratch limit.
    expect(report.calls).toBeGreaterThan(SCRATCH_RUNS / 4);
    expect(report.returned).toBeGreaterThan(0);
    expect(report.overLimit).toBeGreaterThan(0);
    expect(report.afterwards).toBe(27.5);
  });

  it("every failure is an Error whose message starts with the function's name", () => {
    const lines = problemLines(report);
    expect(lines, lines.join('\n')).toEqual([]);
  });
});
