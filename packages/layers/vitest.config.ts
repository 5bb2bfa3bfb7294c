import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // Registers `wasm`, and `native` when its binary loads, so describeEachBackend runs every
    // kernel-touching suite on js, wasm and native alike.
    setupFiles: ['./src/test-support/register-backends.ts'],
  },
});
