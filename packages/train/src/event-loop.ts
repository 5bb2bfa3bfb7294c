/**
 * Lets timers, I/O and signal handlers (Ctrl-C) run between batches. setImmediate costs
 * microseconds in Node; browsers and workers lack it and get a zero-delay timeout.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
}
