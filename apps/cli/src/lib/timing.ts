/** Runs `fn` until `budgetSeconds` have passed (at least `minRuns` times) and returns the fastest run, in seconds. */
export function fastestRun(fn: () => unknown, budgetSeconds = 0.4, minRuns = 2): number {
  fn(); // warm-up: JIT, buffer allocation, thread pool start
  let best = Number.POSITIVE_INFINITY;
  const start = performance.now();
  for (let runs = 0; runs < minRuns || performance.now() - start < budgetSeconds * 1000; runs++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
