import type { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import type { Layer } from './layer';
import type { LayerConfig } from './layer-config';
import type { RecurrentLayer } from './recurrent-layer';
import { layerFromConfig } from './registry';
import { loadStateDict } from './state-dict';
import { describeEachBackend } from './test-support/backends';
import { expectClose, maxAbs } from './test-support/expect-close';
import { decode, decodeAll, type EncodedTensor, readFixture } from './test-support/fixtures';

/** One case of fixtures/recurrent.json (see generate_recurrent.py). */
interface RecurrentCase {
  name: string;
  config: LayerConfig;
  state: Record<string, EncodedTensor>;
  x: EncodedTensor;
  dy: EncodedTensor;
  y: EncodedTensor;
  /** Absent for token ids, which have no gradient in PyTorch. */
  dx?: EncodedTensor;
  grads: Record<string, EncodedTensor>;
  h0?: EncodedTensor;
  c0?: EncodedTensor;
  hN?: EncodedTensor;
  cN?: EncodedTensor;
  dh0?: EncodedTensor;
  dc0?: EncodedTensor;
}

const cases = readFixture<{ cases: RecurrentCase[] }>('recurrent.json').cases;

/**
 * float32 against PyTorch's float32 on the same float32 inputs. A recurrent step sums ≤ 14 products
 * per gate, and its rounding (float32 ulp ≈ 6e-8 relative) is carried through ≤ 4 steps and ≤ 3
 * layers, forward and back: the differences seen are ≤ 3e-7 absolute on values of order 0.1–2, so
 * 1e-5 relative plus 1e-5·max|tensor| absolute (as the other fixtures) keeps a 30× margin while a
 * wrong gate, order or sign gives differences of order 0.1.
 */
function check(actual: Tensor, encoded: EncodedTensor, label: string): void {
  const expected = decode(encoded);
  expectClose(actual, expected, { rtol: 1e-5, atol: 1e-5 * Math.max(maxAbs(expected), 1e-2) }, label);
}

function runCase(c: RecurrentCase): void {
  const layer: Layer = layerFromConfig(c.config, { seed: 0 });
  loadStateDict(layer, decodeAll(c.state));
  const recurrent = layer as RecurrentLayer;
  const states = {
    ...(c.h0 ? { h0: decode(c.h0) } : {}),
    ...(c.c0 ? { c0: decode(c.c0) } : {}),
  };
  const y = recurrent.forward(decode(c.x), { training: false, ...states });
  check(y, c.y, 'y');
  const dx = layer.backward(decode(c.dy));
  if (c.dx) check(dx, c.dx, 'dx');
  else expect(dx.data.every((v) => v === 0)).toBe(true);
  const params = new Map(layer.parameters().map((p) => [p.name, p]));
  expect([...params.keys()].sort()).toEqual(Object.keys(c.grads).sort());
  for (const [name, grad] of Object.entries(c.grads)) check(params.get(name)!.grad, grad, `grad ${name}`);
  if (c.hN) check(recurrent.lastState().h, c.hN, 'h_n');
  if (c.cN) check(recurrent.lastState().c!, c.cN, 'c_n');
  if (c.dh0) check(recurrent.initialStateGrad().h, c.dh0, 'dL/dh0');
  if (c.dc0) check(recurrent.initialStateGrad().c!, c.dc0, 'dL/dc0');
}

describeEachBackend('LSTM, GRU, Embedding and LastStep against PyTorch (float32)', () => {
  for (const c of cases) it(c.name, () => runCase(c));
});

describe('fixtures/recurrent.json', () => {
  it('covers both kinds, stacked, bidirectional, batchFirst, initial states and padding', () => {
    const args = (c: RecurrentCase) => (c.config.args[2] ?? {}) as Record<string, unknown>;
    for (const kind of ['LSTM', 'GRU']) {
      const mine = cases.filter((c) => c.config.kind === kind);
      expect(mine.some((c) => args(c).numLayers === 2 && args(c).bidirectional && args(c).batchFirst)).toBe(
        true,
      );
      expect(mine.some((c) => args(c).numLayers === 2 && args(c).bidirectional && !args(c).batchFirst)).toBe(
        true,
      );
      expect(mine.some((c) => c.h0 && c.dh0)).toBe(true);
    }
    expect(cases.some((c) => c.config.kind === 'Embedding' && args(c).paddingIdx !== undefined)).toBe(true);
  });

  it('holds non-trivial outputs and gradients (a fixture of zeros would prove nothing)', () => {
    for (const c of cases) {
      expect(maxAbs(decode(c.y)), c.name).toBeGreaterThan(1e-2);
      for (const [name, grad] of Object.entries(c.grads))
        expect(maxAbs(decode(grad)), `${c.name}: ${name}`).toBeGreaterThan(1e-3);
    }
  });
});
