import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    // e2e/ drives headless Chromium (skipped, saying why, only where Chromium is not installed).
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
  },
});
