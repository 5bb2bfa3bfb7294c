// prepack: the published manifest lists the platform packages built here as optionalDependencies
// (napi-rs style). They are added only while packing, and postpack.mjs restores package.json: the
// repo's manifest cannot name them, since `pnpm install` would then look them up in a registry
// that has not got them (they exist only once a release has published them).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generatePlatformPackages, readManifest } from './platform-packages.mjs';
import { backupFile, manifestFile, restoreManifest, writeManifestAtomically } from './postpack.mjs';

if (existsSync(backupFile)) restoreManifest(); // a pack that died before its postpack
const original = readFileSync(manifestFile, 'utf8');
const platforms = generatePlatformPackages();
const manifest = readManifest();
manifest.optionalDependencies = {
  ...manifest.optionalDependencies,
  ...Object.fromEntries(platforms.map((p) => [p.name, manifest.version])),
};
writeFileSync(backupFile, original);
writeManifestAtomically(`${JSON.stringify(manifest, null, 2)}\n`);
