import { Tensor as T, type Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { layerFromConfig } from './registry';
import { loadStateDict } from './state-dict';
import { describeEachBackend } from './test-support/backends';
import { expectClose, maxAbs } from './test-support/expect-close';
import { decode, decodeAll, type FixtureCase, fixtureCases } from './test-support/fixtures';

/**
 * float32 results against PyTorch's float32 results on the same float32 inputs. Both round each
 * product and accumulate sums of up to ~50 terms in a different order: per element the difference
 * is a few ulps of the terms (float32 ulp ≈ 6e-8 relative), so 1e-5 relative to the element plus
 * 1e-5·max|tensor| absolute (for elements that cancel to near zero) is tight yet safe. The absolute
 * floor 1e-7 covers gradients that are exactly zero in exact arithmetic and come out as float32
 * rounding noise on both sides (~1e-8: the bias of a convolution followed by BatchNorm).
 */
function tolerance(expected: Tensor) {
  return { rtol: 1e-5, atol: 1e-5 * Math.max(maxAbs(expected), 1e-2) };
}

function check(actual: Tensor, encoded: FixtureCase['y'], label: string): void {
  const expected = decode(encoded);
  expectClose(actual, expected, tolerance(expected), label);
}

function runCase(c: FixtureCase): void {
  const layer = layerFromConfig(c.config, { seed: 0 });
  loadStateDict(layer, decodeAll(c.state));
  for (const batch of c.warmup) layer.forward(decode(batch), { training: true });
  const y = layer.forward(decode(c.x), { training: c.training });
  check(y, c.y, 'y');
  const dx = layer.backward(decode(c.dy));
  check(dx, c.dx, 'dx');
  const params = new Map(layer.parameters().map((p) => [p.name, p]));
  expect([...params.keys()].sort()).toEqual(Object.keys(c.grads).sort());
  for (const [name, grad] of Object.entries(c.grads)) check(params.get(name)!.grad, grad, `grad ${name}`);
  const buffers = new Map(layer.buffers().map((b) => [b.name, b.value]));
  for (const [name, value] of Object.entries(c.stateAfter)) {
    if (params.has(name)) continue;
    check(buffers.get(name)!.astype('float32'), value, `buffer ${name}`);
  }
}

const files = [
  'linear',
  'conv2d',
  'activations',
  'softmax',
  'pooling',
  'batch-norm',
  'misc',
  'containers',
  'passthrough',
  'normalization',
  'resampling',
  'conv-transpose2d',
];

describeEachBackend('PyTorch reference outputs and gradients (float32)', () => {
  for (const file of files) {
    describe(`fixtures/${file}.json`, () => {
      for (const c of fixtureCases(`${file}.json`)) it(c.name, () => runCase(c));
    });
  }
});

describe('fixture sanity', () => {
  it('every case holds a non-trivial output (a fixture of zeros would prove nothing)', () => {
    for (const file of files) {
      for (const c of fixtureCases(`${file}.json`))
        expect(maxAbs(T.from(c.y.data)), c.name).toBeGreaterThan(1e-3);
    }
  });
});
