import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the ONNX schema', () => {
  it('src/generated/onnx-schema.json is what scripts/generate-schema.mjs makes of schema/onnx.proto3', () => {
    const script = join(__dirname, '..', 'scripts', 'generate-schema.mjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
