/** For tests: each dtype through the WebAssembly SIMD kernels and through the scalar fallback. */
export const SIMD_TEST_PATHS = [
  ['float64', true],
  ['float64', false],
  ['float32', true],
  ['float32', false],
] as const;
