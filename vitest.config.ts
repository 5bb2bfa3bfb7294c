import { defineConfig } from 'vitest/config';

const reportFile = process.env.SCRATCHNET_VITEST_JSON;

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'release-test'],
    reporters: reportFile ? ['default', ['json', { outputFile: reportFile }]] : ['default'],
  },
});
