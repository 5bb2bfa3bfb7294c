/** When the js backend's kernels use the pool; tests change these to force every path. */
export const threadingPolicy = {
  /**
   * Below this many floating-point operations a call stays on the calling thread: waking the
   * workers and copying the arrays through the arena costs tens of microseconds, ~0.1 MFLOP of
   * work. Tests lower it to send tiny calls through the workers.
   */
  minFlops: 1e6,
  /** Whether the calling thread claims parts too, or only waits for the workers. */
  callerRunsParts: true,
};
