import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // Registers the `native` backend when its binary loads, so describeEachBackend runs every
    // kernel-touching suite on js and native alike.
    setupFiles: ['./src/test-support/register-native.ts'],
  },
});
