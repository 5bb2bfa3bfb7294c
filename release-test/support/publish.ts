import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NpmClient } from './npm-client';
import type { Registry } from './registry';
import { run } from './run';

export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Publishes every public workspace package at its current version, as a release does: `pnpm -r
 * publish` (dependencies first; workspace:^ becomes a real range; conv-native's prepublishOnly
 * publishes its platform package built from the local .node first).
 */
export function publishWorkspace(client: NpmClient, registry: Registry): string {
  return run(
    'pnpm',
    ['-r', 'publish', '--registry', `${registry.url}/`, '--no-git-checks', '--access', 'public'],
    {
      cwd: repoRoot,
      env: client.env,
      timeoutMs: 180_000,
    },
  );
}

/**
 * What `changeset version` + `pnpm release` do to one package, without touching the repo: the
 * package's packed tarball, extracted, with a bumped version, published again.
 */
export function publishBumped(client: NpmClient, packageDir: string, workDir: string, version: string): void {
  const tarball = run('pnpm', ['pack', '--pack-destination', workDir], {
    cwd: packageDir,
    env: client.env,
    timeoutMs: 60_000,
  });
  const file = tarball.trim().split('\n').pop() ?? '';
  run('tar', ['xzf', file, '-C', workDir], { cwd: workDir, env: client.env, timeoutMs: 30_000 });
  const bumped = join(workDir, 'bumped');
  cpSync(join(workDir, 'package'), bumped, { recursive: true });
  const manifestFile = join(bumped, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  writeFileSync(manifestFile, JSON.stringify({ ...manifest, version }, null, 2));
  client.npm(bumped, ['publish', '--access', 'public'], 60_000);
}
