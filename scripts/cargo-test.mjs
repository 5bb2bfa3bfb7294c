// Runs the Rust crates' unit tests (release profile: the kernels are numeric and slow unoptimised).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const manifest = 'packages/conv-native/Cargo.toml';
if (!existsSync(manifest)) {
  console.log(`test:rust: ${manifest} not found, no Rust tests to run`);
  process.exit(0);
}
const result = spawnSync('cargo', ['test', '--release', '--manifest-path', manifest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
