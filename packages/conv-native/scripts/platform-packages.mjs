// Generates the per-platform packages `@scratchnet/conv-native-<platform>` napi-rs style, at publish
// time, under target/ (ignored): `napi create-npm-dirs` makes one folder per declared target, then
// `napi artifacts` copies in the binaries built here (native/*.node). Only targets whose binary
// exists are returned: those are the ones a release from this machine can publish. Both commands
// run in a staging folder holding a copy of the manifest: `napi artifacts` insists on every
// configured target and rewrites files around the package it runs in, which must not touch the
// real package (its dist/ may be in use).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTriple } from '@napi-rs/cli';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const stageDir = join(packageDir, 'target', 'napi-release');
export const npmDir = join(stageDir, 'npm');
const licenseFile = join(packageDir, '..', '..', 'LICENSE');

export function readManifest() {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
}

function napi(args, manifest) {
  writeFileSync(join(stageDir, 'package.json'), JSON.stringify(manifest));
  const bin = join(packageDir, 'node_modules', '.bin', 'napi');
  // stdout stays clean for callers that parse it (pnpm pack).
  execFileSync(bin, [...args, '--cwd', stageDir], { stdio: ['ignore', process.stderr, 'inherit'] });
}

/** @returns {{ abi: string, name: string, dir: string }[]} the generated packages holding a binary */
export function generatePlatformPackages() {
  const manifest = readManifest();
  const { binaryName, targets } = manifest.napi;
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const { scripts, files, ...stageManifest } = manifest;
  napi(['create-npm-dirs', '--npm-dir', 'npm'], stageManifest);
  const built = targets
    .map((triple) => parseTriple(triple))
    .filter((t) => existsSync(join(packageDir, 'native', `${binaryName}.${t.platformArchABI}.node`)));
  if (built.length === 0) return [];
  const builtTargets = { binaryName, targets: built.map((t) => t.triple) };
  napi(['artifacts', '--output-dir', join(packageDir, 'native'), '--npm-dir', 'npm'], {
    ...stageManifest,
    napi: builtTargets,
  });
  return built.map((t) => {
    const dir = join(npmDir, t.platformArchABI);
    copyFileSync(licenseFile, join(dir, 'LICENSE'));
    const platformManifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    platformManifest.engines = manifest.engines;
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(platformManifest, null, 2)}\n`);
    return { abi: t.platformArchABI, name: platformManifest.name, dir };
  });
}
