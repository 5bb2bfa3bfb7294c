// Packs every published package the way a release does (`pnpm pack`: workspace:^ and catalog:
// become real ranges, the root LICENSE is added) and checks each tarball with publint (--strict) and
// arethetypeswrong, plus the house rules those tools do not know. Exits 1 on any problem.
//
// attw profiles: libraries use `node16` (node16 from ESM, node16 from CJS, bundler): the resolutions
// ESM and CJS consumers use today. The legacy `node10` resolution ignores `exports`, so no subpath
// (`/testing`, `/node`) can resolve there; we do not support it. The CLI is a command only (a bin,
// no `exports`, `main` or types): nothing imports it, so it is checked with `esm-only` (its bin is
// ESM) after asserting it really exposes no entry point. conv-native's platform packages hold only
// a `.node` binary that the main package loads: publint and the house rules, no types to check.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const out = mkdtempSync(join(tmpdir(), 'scratchnet-check-packages-'));
const problems = [];

function publishedPackageDirs() {
  return ['packages', 'apps']
    .flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);
}

function pack(dir, tool) {
  const before = new Set(readdirSync(out));
  execFileSync(tool, ['pack', '--pack-destination', out], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const made = readdirSync(out).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) throw new Error(`${tool} pack in ${dir} made ${made.length} tarballs`);
  return join(out, made[0]);
}

function tarball(file) {
  const entries = execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const manifest = JSON.parse(
    execFileSync('tar', ['xzf', file, '-O', 'package/package.json'], { encoding: 'utf8' }),
  );
  return { entries: entries.map((e) => e.replace(/^package\//, '')), manifest };
}

function run(label, command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) problems.push(`${label}:\n${result.stdout}${result.stderr}`);
  return result.status === 0 ? 'ok' : 'FAILED';
}

function houseRules(name, { entries, manifest }, directory) {
  const rule = (ok, what) => ok || problems.push(`${name}: ${what}`);
  rule(manifest.license === 'MIT', `"license" is ${JSON.stringify(manifest.license)}, not "MIT"`);
  rule(entries.includes('LICENSE'), 'the tarball has no LICENSE');
  rule(entries.includes('README.md'), 'the tarball has no README.md');
  rule(manifest.engines?.node, 'no "engines.node"');
  if (directory)
    rule(manifest.repository?.directory === directory, `"repository.directory" is not ${directory}`);
  const tests = entries.filter((e) => /\.test\.|test-support\/|fixtures\//.test(e));
  rule(tests.length === 0, `the tarball ships test files: ${tests.join(', ')}`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {}))
      rule(
        !/^(workspace|catalog):/.test(range),
        `${field}.${dep} is still "${range}" in the packed manifest`,
      );
  }
}

function checkLibrary(name, packed, file) {
  houseRules(name, packed, packed.directory);
  if (packed.manifest.sideEffects === undefined) problems.push(`${name}: no "sideEffects"`);
  return {
    publint: run(`publint ${name}`, 'pnpm', ['exec', 'publint', 'run', file, '--strict']),
    attw: run(`attw ${name}`, 'pnpm', ['exec', 'attw', file, '--profile', 'node16', '--format', 'ascii']),
  };
}

function checkCommand(name, packed, file) {
  houseRules(name, packed, packed.directory);
  const { manifest, entries } = packed;
  for (const field of ['exports', 'main', 'module', 'types']) {
    if (manifest[field] !== undefined) problems.push(`${name}: a command package declares "${field}"`);
  }
  for (const bin of Object.values(manifest.bin ?? {})) {
    if (!entries.includes(bin.replace(/^\.\//, '')))
      problems.push(`${name}: bin ${bin} is not in the tarball`);
  }
  return {
    publint: run(`publint ${name}`, 'pnpm', ['exec', 'publint', 'run', file, '--strict']),
    attw: run(`attw ${name}`, 'pnpm', ['exec', 'attw', file, '--profile', 'esm-only', '--format', 'ascii']),
  };
}

function checkPlatformPackages(parentDir, parentManifest) {
  const npmDir = join(parentDir, 'target', 'napi-release', 'npm');
  const results = {};
  for (const abi of readdirSync(npmDir)) {
    const dir = join(npmDir, abi);
    if (!readdirSync(dir).some((f) => f.endsWith('.node'))) continue;
    const file = pack(dir, 'npm');
    const packed = tarball(file);
    const name = packed.manifest.name;
    houseRules(name, packed);
    if (parentManifest.optionalDependencies?.[name] !== packed.manifest.version)
      problems.push(
        `${parentManifest.name}: the packed manifest does not list ${name} in optionalDependencies`,
      );
    if (!packed.entries.includes(packed.manifest.main))
      problems.push(`${name}: main ${packed.manifest.main} missing`);
    results[name] = {
      publint: run(`publint ${name}`, 'pnpm', ['exec', 'publint', 'run', file, '--strict']),
      attw: 'n/a (binary only)',
    };
  }
  return results;
}

try {
  const results = {};
  for (const dir of publishedPackageDirs()) {
    const file = pack(dir, 'pnpm');
    const packed = { ...tarball(file), directory: relative(root, dir) };
    const name = packed.manifest.name;
    results[name] = packed.manifest.bin ? checkCommand(name, packed, file) : checkLibrary(name, packed, file);
    if (name === '@scratchnet/conv-native')
      Object.assign(results, checkPlatformPackages(dir, packed.manifest));
  }
  console.table(results);
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`check:packages found ${problems.length} problem(s):\n\n${problems.join('\n\n')}`);
  process.exit(1);
}
console.log('check:packages: every published package passes publint, attw and the house rules');
