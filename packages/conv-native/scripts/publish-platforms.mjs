// prepublishOnly: publishes the platform packages built here before the main package that lists
// them, with plain `npm publish` (registry and auth from the caller's npm config, as for the main
// package). A version the registry already has is skipped, so a retried release goes on.
import { spawnSync } from 'node:child_process';
import { generatePlatformPackages } from './platform-packages.mjs';

const platforms = generatePlatformPackages();
if (platforms.length === 0)
  console.warn('conv-native: no binary built here; only the js fallback is published');
for (const { name, dir } of platforms) {
  const result = spawnSync('npm', ['publish', '--access', 'public'], { cwd: dir, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) console.log(`conv-native: published ${name}`);
  else if (/previously published|EPUBLISHCONFLICT|E409/.test(output))
    console.log(`conv-native: ${name} is already published`);
  else {
    console.error(output);
    throw new Error(`conv-native: npm publish of ${name} failed (exit ${result.status})`);
  }
}
