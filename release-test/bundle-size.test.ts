import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// Budget for a browser app that trains a small CNN (Sequential, Linear, Conv2d, ReLU,
// SoftmaxCrossEntropy, SGD), minified and gzipped. Size only: nothing here is timed.
const BUDGET_BYTES = 40 * 1024;
const outDir = mkdtempSync(join(tmpdir(), 'scratchnet-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function bundle(): Promise<{ code: Uint8Array; inputs: [string, number][] }> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'bundle-app', 'main.ts')],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs).map(([file, { bytesInOutput }]): [string, number] => [
    file,
    bytesInOutput,
  ]);
  return { code: result.outputFiles[0].contents, inputs };
}

describe('browser bundle of a small CNN app', () => {
  it(`stays under ${BUDGET_BYTES / 1024} KB min+gzip and still trains`, async () => {
    const { code, inputs } = await bundle();
    const gzipped = gzipSync(code, { level: 9 }).length;
    const largest = inputs
      .sort((a, b) => b[1] - a[1])
      .map(([file, bytes]) => `  ${(bytes / 1024).toFixed(1)} KB ${file}`)
      .join('\n');
    console.log(
      `bundle-size: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(1)} KB min+gzip ` +
        `(budget ${BUDGET_BYTES / 1024} KB)\n${largest}`,
    );
    expect(gzipped).toBeLessThan(BUDGET_BYTES);

    // Tree-shaking must not have dropped anything the app needs (e.g. the js backend's registration).
    const file = join(outDir, 'app.mjs');
    writeFileSync(file, code);
    const app = (await import(pathToFileURL(file).href)) as { train(steps: number): number[] };
    const losses = app.train(5);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[4]).toBeLessThan(losses[0]);
  });
});
