// Generates the per-platform packages `@scratchnet/conv-native-<platform>` napi-rs style, at publish
// time, into target/npm (ignored): `napi create-npm-dirs` makes one folder per declared target, then
// `napi artifacts` copies in the binaries built here (native/*.node). Only targets whose binary
// exists are returned: those are the ones a release from this machine can publish.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTriple } from '@napi-rs/cli';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const npmDir = join(packageDir, 'target', 'npm');
const licenseFile = join(packageDir, '..', '..', 'LICENSE');

export function readManifest() {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
}

function napi(args) {
  const bin = join(packageDir, 'node_modules', '.bin', 'napi');
  // stdout stays clean for callers that parse it (pnpm pack --json).
  execFileSync(bin, args, { cwd: packageDir, stdio: ['ignore', process.stderr, 'inherit'] });
}

/** @returns {{ abi: string, name: string, dir: string }[]} the generated packages holding a binary */
export function generatePlatformPackages() {
  const manifest = readManifest();
  const { binaryName, targets } = manifest.napi;
  rmSync(npmDir, { recursive: true, force: true });
  napi(['create-npm-dirs', '--npm-dir', 'target/npm']);
  const built = targets
    .map((triple) => parseTriple(triple))
    .filter((t) => existsSync(join(packageDir, 'native', `${binaryName}.${t.platformArchABI}.node`)));
  if (built.length === 0) return [];
  // `napi artifacts` insists on every configured target, so it gets a config naming the built ones.
  const builtConfig = join(packageDir, 'target', 'napi-built-targets.json');
  writeFileSync(builtConfig, JSON.stringify({ binaryName, targets: built.map((t) => t.triple) }));
  napi(['artifacts', '-c', builtConfig, '--output-dir', 'native', '--npm-dir', 'target/npm']);
  // napi artifacts also drops a copy of each binary in the package root (for its own js loader); ours
  // loads native/ or the platform package, so the copy goes.
  for (const t of built) rmSync(join(packageDir, `${binaryName}.${t.platformArchABI}.node`), { force: true });
  return built.map((t) => {
    const dir = join(npmDir, t.platformArchABI);
    copyFileSync(licenseFile, join(dir, 'LICENSE'));
    const platformManifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    platformManifest.engines = manifest.engines;
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(platformManifest, null, 2)}\n`);
    return { abi: t.platformArchABI, name: platformManifest.name, dir };
  });
}
