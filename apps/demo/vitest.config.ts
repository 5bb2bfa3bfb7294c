import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'demo',
    include: ['src/**/*.test.ts', 'vite/**/*.test.ts', 'e2e/**/*.test.ts'],
    // The end-to-end test starts Chromium and trains a model in it: generous, not tight.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
