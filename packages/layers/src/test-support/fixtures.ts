import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tensor } from '@scratchnet/tensor';
import type { LayerConfig } from '../layer-config';

export interface EncodedTensor {
  shape: number[];
  data: number[];
}

/** One case written by fixtures/generate.py (see its docstring). */
export interface FixtureCase {
  name: string;
  config: LayerConfig;
  training: boolean;
  state: Record<string, EncodedTensor>;
  warmup: EncodedTensor[];
  x: EncodedTensor;
  dy: EncodedTensor;
  y: EncodedTensor;
  dx: EncodedTensor;
  grads: Record<string, EncodedTensor>;
  stateAfter: Record<string, EncodedTensor>;
}

const fixtureDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(fixtureDir, file), 'utf8')) as T;
}

export function fixtureCases(file: string): FixtureCase[] {
  return readFixture<{ cases: FixtureCase[] }>(file).cases;
}

export function decode(encoded: EncodedTensor, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return Tensor.from(encoded.data, encoded.shape, { dtype });
}

export function decodeAll(encoded: Record<string, EncodedTensor>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(encoded).map(([name, t]) => [name, decode(t)]));
}
