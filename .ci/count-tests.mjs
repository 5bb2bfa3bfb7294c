// Prints "N passed, N failed": vitest's JSON report plus every `cargo test` result line in the log.
import { existsSync, readFileSync } from 'node:fs';

const [vitestJson, log] = process.argv.slice(2);
let passed = 0;
let failed = 0;

if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that fails to load has no tests: count it as a failure so it cannot hide.
  failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
} else {
  console.error(`ci: no vitest report at ${vitestJson} (the build or lint failed before the tests ran)`);
}

if (existsSync(log)) {
  for (const m of readFileSync(log, 'utf8').matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
}

console.log(`${passed} passed, ${failed} failed`);
