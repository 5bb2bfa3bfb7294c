import { describe, expect, it } from 'vitest';
import { currentEnvironment, type ThreadsEnvironment, threadsHost } from './threads-host';

/** A cross-origin isolated Web Worker: everything browser threads need. */
const worker: ThreadsEnvironment = {
  node: false,
  webWorkers: true,
  sharedMemory: true,
  crossOriginIsolated: true,
  canBlock: true,
};

const problems = (env: Partial<ThreadsEnvironment>) => {
  const host = threadsHost({ ...worker, ...env });
  return host.kind === 'none' ? host.problems : [];
};

describe('where the pool gets its workers', () => {
  it('uses worker_threads in Node, and Web Workers in an isolated Web Worker', () => {
    expect(threadsHost({ ...worker, node: true })).toEqual({ kind: 'node' });
    // Node never had the browser's conditions: they do not apply there.
    expect(
      threadsHost({
        node: true,
        webWorkers: false,
        sharedMemory: true,
        crossOriginIsolated: false,
        canBlock: true,
      }),
    ).toEqual({ kind: 'node' });
    expect(threadsHost(worker)).toEqual({ kind: 'web' });
  });

  it('asks for cross-origin isolation, naming both headers, when SharedArrayBuffer is withheld', () => {
    for (const env of [{ sharedMemory: false, crossOriginIsolated: false }, { crossOriginIsolated: false }]) {
      const [problem, ...rest] = problems(env);
      expect(rest).toEqual([]);
      expect(problem).toMatch(/must be cross-origin isolated/);
      expect(problem).toMatch(/Cross-Origin-Opener-Policy: same-origin/);
      expect(problem).toMatch(/Cross-Origin-Embedder-Policy: require-corp/);
    }
  });

  it("sends a page's main thread to a Web Worker, and reports every problem at once", () => {
    expect(problems({ canBlock: false })).toEqual([
      expect.stringMatching(/main thread.*run the model in a Web Worker/),
    ]);
    const all = problems({
      webWorkers: false,
      sharedMemory: false,
      crossOriginIsolated: false,
      canBlock: false,
    });
    expect(all).toHaveLength(3);
    expect(all[0]).toMatch(/no Web Workers/);
  });

  it('reads this process as Node, where the caller may block', () => {
    const env = currentEnvironment();
    expect(env.node).toBe(true);
    expect(env.canBlock).toBe(true);
    expect(threadsHost(env)).toEqual({ kind: 'node' });
  });
});
