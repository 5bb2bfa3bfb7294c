// postpack: puts back the package.json that prepack.mjs extended with optionalDependencies.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmDir, packageDir } from './platform-packages.mjs';

export const backupFile = join(npmDir, '..', 'package.json.before-pack');

export function restoreManifest() {
  if (!existsSync(backupFile)) return;
  writeFileSync(join(packageDir, 'package.json'), readFileSync(backupFile, 'utf8'));
  rmSync(backupFile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) restoreManifest();
