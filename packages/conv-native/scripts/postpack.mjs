// postpack: puts back the package.json that prepack.mjs extended with optionalDependencies.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageDir } from './platform-packages.mjs';

export const manifestFile = join(packageDir, 'package.json');
export const backupFile = join(packageDir, 'target', 'package.json.before-pack');

/** Replaces package.json in one rename: tests running meanwhile never read half a file. */
export function writeManifestAtomically(text) {
  const next = join(packageDir, 'target', 'package.json.next');
  writeFileSync(next, text);
  renameSync(next, manifestFile);
}

export function restoreManifest() {
  if (!existsSync(backupFile)) return;
  writeManifestAtomically(readFileSync(backupFile, 'utf8'));
  rmSync(backupFile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) restoreManifest();
