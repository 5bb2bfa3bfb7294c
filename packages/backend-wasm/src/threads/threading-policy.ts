/** When the js backend's kernels use the pool; tests change these to force every path. */
export const threadingPolicy = {
  /**
   * Below this many floating-point operations a call stays on the calling thread: waking the
   * workers and copying the arrays through the arena costs tens of microseconds, and (with the
   * SIMD kernels at ~20 GFLOP/s per thread) bench shapes a and b (2.4 and 16 MFLOP) ran slower on
   * two threads than on one. Tests lower it to send tiny calls through the workers.
   */
  minFlops: 2e7,
  /**
   * The same for the backward convolutions, whose parts repeat more setup (flipped weights and
   * offset tables per image range; every dWeight block pads every image): measured slower on two
   * threads at 2.4 MFLOP (bench shape a), faster from ~15 MFLOP (shape b).
   */
  minBackwardFlops: 4e6,
  /** Whether the calling thread claims parts too, or only waits for the workers. */
  callerRunsParts: true,
};
