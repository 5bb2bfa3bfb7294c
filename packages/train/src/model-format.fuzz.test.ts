import { BatchNorm1d, Conv2d, Flatten, Linear, layerRegistry, ReLU, Sequential } from '@scratchnet/layers';
import { setBackend } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserializeModel, parseModelFile, serializeModel } from './model-format';
import { mlp } from './presets';
import { hostileModelJson } from './test-support/hostile-model-json';
import { withHostileHeader } from './test-support/hostile-safetensors';

// Seeded and bounded: the same 10,000 cases on every run (and a few large files), a few seconds in all.
const runs = (numRuns: number) => ({ seed: 42, numRuns });

setBackend('js');
const weights = serializeModel(mlp({ seed: 1 })).weights;
const modelJson = (architecture: unknown) =>
  JSON.stringify({ format: 'scratchnet.model', version: 1, architecture });

/** A small model with every kind of state (conv, linear, batch norm buffers), whose files the fuzzer damages. */
const seed = 3;
const tiny = serializeModel(
  new Sequential(
    new Conv2d(1, 2, 3, { seed }),
    new ReLU(),
    new Flatten(),
    new Linear(8, 3, { seed }),
    new BatchNorm1d(3),
    new Linear(3, 2, { seed }),
  ),
);

/**
 * Loads, or checks the failure is a plain Error (not a TypeError or RangeError) naming the file at fault
 * (model/model.json, model/model.safetensors, or the model) in one line under 600 characters.
 */
function loadOrExplain(json: string, bytes = weights): ReturnType<typeof deserializeModel> | Error {
  try {
    return deserializeModel(json, bytes);
  } catch (error) {
    expect((error as Error).constructor, (error as Error).message).toBe(Error);
    expect((error as Error).message).toMatch(/^model(\/model\.json|\/model\.safetensors)?: \S[^\n]*$/);
    expect((error as Error).message.length).toBeLessThan(600);
    return error as Error;
  }
}

const number = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(0, 0.5, 1e9, 2 ** 31, 2 ** 53, 1e308, -1e308),
  fc.double(),
);
const args = fc.array(
  fc.oneof(
    number,
    fc.constant(null),
    fc.string({ maxLength: 3 }),
    fc.array(number, { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('padding', 'stride', 'groups', 'bias', 'seed', 'p', 'dtype', 'eps'),
      fc.oneof(number, fc.boolean(), fc.string({ maxLength: 3 })),
    ),
  ),
  { maxLength: 4 },
);
const kind = fc.constantFrom(...Object.keys(layerRegistry), 'toString', '__proto__', 'Nope');
const layer = fc.record({ kind, args });
const architecture = fc.oneof(
  layer,
  fc.array(layer, { maxLength: 4 }).map((children) => ({ kind: 'Sequential', args: children })),
  fc.anything(),
);

// A few thousand cases per test take seconds; a busy CI machine gets room past vitest's 5 s default.
const SLOW = { timeout: 30_000 };

describe('parseModelFile / deserializeModel under random input', SLOW, () => {
  it('random architectures build and load, or are refused with a plain Error', () => {
    fc.assert(
      fc.property(architecture, (a) => {
        loadOrExplain(modelJson(a));
      }),
      runs(2000),
    );
  });

  it('random JSON documents and wrong kinds of file are refused by name', () => {
    const doc = fc.oneof(
      fc.json(),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify({ format: 'scratchnet.model', version: v, architecture: {} })),
    );
    fc.assert(
      fc.property(doc, (text) => {
        expect(loadOrExplain(text)).toBeInstanceOf(Error);
      }),
      runs(1500),
    );
  });

  it('a valid model.json damaged (hostile args and kinds, repeated keys, deep or wide nesting, cut, a character changed)', () => {
    const architecture = JSON.parse(tiny.json).architecture;
    fc.assert(
      fc.property(hostileModelJson(architecture), (text) => {
        loadOrExplain(text, tiny.weights);
      }),
      runs(5000),
    );
  });

  it('its weights damaged (cut, a bit flipped, a hostile safetensors header)', () => {
    const damaged = fc.oneof(
      fc.nat().map((cut) => tiny.weights.subarray(0, cut % tiny.weights.length)),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([at, bit]) => {
        const flipped = tiny.weights.slice();
        flipped[at % flipped.length] ^= 1 << bit;
        return flipped;
      }),
      withHostileHeader.map((rewrite) => rewrite(tiny.weights)),
    );
    fc.assert(
      fc.property(damaged, (bytes) => {
        loadOrExplain(tiny.json, bytes);
      }),
      runs(1500),
    );
  });

  it('layer sizes far beyond what the weights file holds are refused before allocating', () => {
    for (const [a, message] of [
      [
        { kind: 'Linear', args: [100_000, 100_000] },
        /declares 10000100000 parameters, far more than the weights file holds \(at most \d+ values\)/,
      ],
      [
        { kind: 'Conv2d', args: [4096, 4096, 99] },
        /declares \d+ parameters, far more than the weights file holds/,
      ],
      [{ kind: 'Sequential', args: [{ kind: 'BatchNorm2d', args: [2 ** 30] }] }, /declares \d+ parameters/],
      [{ kind: 'Linear', args: [1e308, 1e308] }, /declares Infinity parameters/],
      [{ kind: 'ConvTranspose2d', args: [4096, 4096, 99] }, /declares \d+ parameters, far more/],
      [{ kind: 'LayerNorm', args: [[16384, 16384]] }, /declares 536870912 parameters, far more/],
      [{ kind: 'GroupNorm', args: [1, 2 ** 27] }, /declares 268435456 parameters, far more/],
      [{ kind: 'Embedding', args: [2 ** 20, 1024] }, /declares 1073741824 parameters, far more/],
      [{ kind: 'LSTM', args: [8, 8, { numLayers: 2 ** 24 }] }, /declares 9663676416 parameters, far more/],
      [
        { kind: 'GRU', args: [4096, 4096, { bidirectional: true }] },
        /declares 201375744 parameters, far more/,
      ],
      [{ kind: 'MultiheadAttention', args: [16384, 1] }, /declares 1073807360 parameters, far more/],
      [{ kind: 'TransformerEncoderLayer', args: [8192, 1] }, /declares 302065664 parameters, far more/],
      [{ kind: 'PositionalEmbedding', args: [2 ** 20, 2 ** 10] }, /declares 1073741824 parameters, far more/],
      [{ kind: 'PatchEmbedding', args: [3, 2 ** 20, 64] }, /declares 12885950464 parameters, far more/],
      [{ kind: 'ClassToken', args: [2 ** 30] }, /declares 1073741824 parameters, far more/],
      // Inside the containers, wherever they keep their children.
      [
        { kind: 'Residual', args: [{ named: { fc: { kind: 'Linear', args: [100_000, 100_000] } } }, {}] },
        /declares 10000100000 parameters/,
      ],
      [
        {
          kind: 'Graph',
          args: [
            {
              inputs: ['x'],
              nodes: [{ name: 'a', layer: { kind: 'Linear', args: [100_000, 100_000] }, inputs: ['x'] }],
              outputs: ['a'],
            },
          ],
        },
        /declares 10000100000 parameters/,
      ],
      [
        { kind: 'Concat', args: [{ kind: 'BatchNorm2d', args: [2 ** 30] }, { dim: 1 }] },
        /declares \d+ parameters/,
      ],
    ] as const) {
      expect((loadOrExplain(modelJson(a)) as Error).message).toMatch(message);
    }
  });

  it('deeply nested architectures are refused with a message, not a stack overflow', () => {
    const levels = 20_000;
    const deep = `${'{"kind":"Sequential","args":['.repeat(levels)}{"kind":"ReLU","args":[]}${']}'.repeat(levels)}`;
    const deepModel = `{"format":"scratchnet.model","version":1,"architecture":${deep}}`;
    expect((loadOrExplain(deepModel) as Error).message).toMatch(
      /architecture is nested more than 64 levels deep/,
    );
    const residuals = `${'{"kind":"Residual","args":[{"layer":'.repeat(levels)}{"kind":"ReLU","args":[]}${'},{}]}'.repeat(levels)}`;
    expect(
      (loadOrExplain(`{"format":"scratchnet.model","version":1,"architecture":${residuals}}`) as Error)
        .message,
    ).toMatch(/architecture is nested more than 64 levels deep/);
    const deepJson = `{"format":"scratchnet.model","version":1,"architecture":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect(loadOrExplain(deepJson)).toBeInstanceOf(Error);
    expect(() => parseModelFile(deepJson)).toThrow(/model.json: /);
  });
});
