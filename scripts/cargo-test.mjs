// Runs the Rust crate's unit tests (release profile: the kernels are numeric and slow unoptimised),
// then clippy with warnings as errors, so the crate stays lint-clean.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const manifest = 'packages/conv-native/Cargo.toml';
if (!existsSync(manifest)) {
  console.log(`test:rust: ${manifest} not found, no Rust tests to run`);
  process.exit(0);
}
const steps = [
  ['test', '--release', '--manifest-path', manifest],
  ['clippy', '--release', '--all-targets', '--manifest-path', manifest, '--', '-D', 'warnings'],
];
for (const args of steps) {
  const result = spawnSync('cargo', args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
