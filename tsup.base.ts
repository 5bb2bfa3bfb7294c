import { defineConfig, type Options } from 'tsup';

/** The one build recipe every published package shares: ESM + CJS + .d.ts, tree-shakable. */
export function libraryConfig(entry: string[] | Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    target: 'es2022',
    ...overrides,
  });
}
