/** The choices a wasm backend instance makes; `createWasmBackend` takes any of them (tests force every path). */
export interface WasmSettings {
  /** Run the WebAssembly SIMD kernels where the runtime has them; false runs the scalar kernels. */
  simd: boolean;
  /**
   * Below this many floating-point operations a call stays on the calling thread: waking the
   * workers and copying the arrays through the arena costs tens of microseconds, and (with the
   * SIMD kernels at ~20 GFLOP/s per thread) bench shapes a and b (2.4 and 16 MFLOP) ran slower on
   * two threads than on one.
   */
  minFlops: number;
  /**
   * The same for the backward convolutions, whose parts repeat more setup (flipped weights and
   * offset tables per image range; every dWeight block pads every image): measured slower on two
   * threads at 2.4 MFLOP (bench shape a), faster from ~15 MFLOP (shape b).
   */
  minBackwardFlops: number;
  /** Whether the calling thread claims parts of a job too, or only waits for the workers. */
  callerRunsParts: boolean;
}

export const DEFAULT_SETTINGS: Readonly<WasmSettings> = {
  simd: true,
  minFlops: 2e7,
  minBackwardFlops: 4e6,
  callerRunsParts: true,
};
