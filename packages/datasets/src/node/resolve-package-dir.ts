import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The folder of an installed package, looked up from this package's location and then from the
 * working directory (so an app that installs it itself is served too); undefined when absent.
 */
export function resolvePackageDir(name: string): string | undefined {
  for (const base of [import.meta.url, join(process.cwd(), 'index.js')]) {
    try {
      return dirname(createRequire(base).resolve(`${name}/package.json`));
    } catch {
      // not resolvable from this base; try the next
    }
  }
  return undefined;
}
