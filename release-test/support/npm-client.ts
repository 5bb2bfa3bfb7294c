import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from './registry';
import { cleanEnv, run } from './run';

/** Plain npm pointed at the test registry, with its own user config, cache and global prefix. */
export class NpmClient {
  readonly env: NodeJS.ProcessEnv;
  readonly globalPrefix: string;

  constructor(
    private readonly dir: string,
    registry: Registry,
  ) {
    mkdirSync(dir, { recursive: true });
    const userconfig = join(dir, '.npmrc');
    const host = registry.url.replace(/^https?:/, '');
    writeFileSync(userconfig, `registry=${registry.url}/\n${host}/:_authToken=${registry.token}\n`);
    this.globalPrefix = join(dir, 'global');
    this.env = {
      ...cleanEnv(),
      npm_config_registry: `${registry.url}/`,
      npm_config_userconfig: userconfig,
      npm_config_cache: join(dir, 'cache'),
      npm_config_prefix: this.globalPrefix,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
  }

  /** A fresh, empty project folder. */
  project(name: string): string {
    const projectDir = join(this.dir, name);
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(
      join(projectDir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }),
    );
    return projectDir;
  }

  npm(cwd: string, args: string[], timeoutMs = 120_000): string {
    return run('npm', args, { cwd, env: this.env, timeoutMs });
  }

  /** Names of everything in a project's installed tree (from `npm ls --all --json`). */
  installedTree(cwd: string): Record<string, string> {
    const found: Record<string, string> = {};
    const walk = (deps: Record<string, { version: string; dependencies?: object }> = {}) => {
      for (const [name, node] of Object.entries(deps)) {
        found[name] = node.version;
        walk(node.dependencies as typeof deps);
      }
    };
    walk(JSON.parse(this.npm(cwd, ['ls', '--all', '--json'])).dependencies);
    return found;
  }

  /** Versions of the @scratchnet packages on disk in a project's node_modules. */
  scratchnetOnDisk(cwd: string): Record<string, string> {
    const scope = join(cwd, 'node_modules', '@scratchnet');
    return Object.fromEntries(
      readdirSync(scope).map((name) => [
        `@scratchnet/${name}`,
        JSON.parse(readFileSync(join(scope, name, 'package.json'), 'utf8')).version,
      ]),
    );
  }
}
