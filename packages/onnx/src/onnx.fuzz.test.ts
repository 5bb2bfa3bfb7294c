import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BatchNorm2d,
  Conv2d,
  Flatten,
  GELU,
  Linear,
  MaxPool2d,
  ReLU,
  Residual,
  Sequential,
} from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NODES } from './import/read-graph';
import { exportOnnx, importOnnx } from './index';
import { decodeModel, encodeModel } from './proto/onnx-proto';
import { deeplyNested, withHostileChange } from './test-support/hostile-onnx';

// Seeded and bounded: the same cases on every run, a few seconds in all.
const runs = (numRuns: number) => ({ seed: 7, numRuns });

/** Imports, or checks that the failure is a plain Error saying `importOnnx…` in a few hundred characters. */
function importOrExplain(bytes: Uint8Array): ReturnType<typeof importOnnx> | Error {
  try {
    return importOnnx(bytes);
  } catch (error) {
    expect((error as Error).constructor).toBe(Error);
    expect((error as Error).message).toMatch(/^importOnnx\b/);
    expect((error as Error).message.length).toBeLessThan(1200);
    return error as Error;
  }
}

/** A model that imports runs on one sample of its declared input, or refuses it with an Error. */
function runsOrRefuses(model: ReturnType<typeof importOnnx>, bytes: Uint8Array): void {
  const dims = decodeModel(bytes).graph?.input?.[0]?.type?.tensor_type?.shape?.dim ?? [];
  const shape = dims.map((d, i) => (i === 0 ? 1 : (d.dim_value ?? 1)));
  if (shape.reduce((p, d) => p * d, 1) > 10_000) return;
  try {
    model.eval().forward(Tensor.ones(shape));
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
  }
}

const seed = 1;
const valid = [
  exportOnnx(
    new Sequential(
      new Conv2d(1, 2, 3, { padding: 1, seed }),
      new BatchNorm2d(2),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(8, 3, { seed }),
      new GELU(),
    ).eval(),
    { inputShape: [1, 1, 4, 4] },
  ),
  exportOnnx(new Residual(new Conv2d(2, 2, 1, { seed }), { activation: new ReLU() }), {
    inputShape: [1, 2, 3, 3],
  }),
  new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'torch-mlp.onnx'))),
];

// 10,000 cases share two cores with the other test files in CI: a minute each guards against a hang, not a slow machine.
describe('importOnnx under truncated, corrupt and hostile files', { timeout: 60_000 }, () => {
  it('truncated anywhere: refused by name (or, cut at a field boundary, imported consistently)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (which, at) => {
        const file = valid[which];
        const result = importOrExplain(file.subarray(0, Math.floor(at * (file.length - 1))));
        if (!(result instanceof Error)) runsOrRefuses(result, file);
      }),
      runs(2000),
    );
  });

  it('bytes flipped at random: refused by name or imported consistently', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (which, flips) => {
          const bytes = valid[which].slice();
          for (const [position, value] of flips) bytes[position % bytes.length] = value;
          const result = importOrExplain(bytes);
          if (!(result instanceof Error)) runsOrRefuses(result, bytes);
        },
      ),
      runs(2000),
    );
  });

  it('random bytes: refused by name', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(importOrExplain(bytes)).toBeInstanceOf(Error);
      }),
      runs(1500),
    );
  });

  it('hostile changes (huge dims, absurd sizes, raw_data of the wrong length, cycles, unknown operators…)', () => {
    for (const file of valid) {
      fc.assert(
        fc.property(withHostileChange(file), ({ bytes }) => {
          const result = importOrExplain(bytes);
          if (!(result instanceof Error)) runsOrRefuses(result, bytes);
        }),
        runs(1500),
      );
    }
  });

  it('says what is wrong for each kind of hostile change', () => {
    const model = decodeModel(valid[0]);
    const mutate = (change: (m: typeof model) => void) => {
      const copy = decodeModel(encodeModel(model));
      change(copy);
      return () => importOnnx(encodeModel(copy));
    };
    const weight = (m: typeof model) => m.graph!.initializer![0];
    expect(mutate((m) => (weight(m).dims = [2 ** 40, 2 ** 40]))).toThrow(
      /more than the 2\^28 a tensor may hold/,
    );
    expect(mutate((m) => (weight(m).dims = [4, 4]))).toThrow(
      /raw_data holds 72 bytes but dims \[4, 4\] need 64/,
    );
    expect(mutate((m) => (weight(m).data_type = 10))).toThrow(/data type FLOAT16 is not supported/);
    expect(mutate((m) => (m.graph!.node![0].input![0] = m.graph!.node![3].output![0]))).toThrow(
      /the graph has a cycle through nodes "/,
    );
    expect(mutate((m) => (m.graph!.node![2].op_type = 'Loop'))).toThrow(
      /operator "Loop" of node "2" \(opset 17\) is not supported/,
    );
    expect(
      mutate((m) => (m.graph!.input![0].type!.tensor_type!.shape!.dim![2] = { dim_value: 2 ** 40 })),
    ).toThrow(/more than the 2\^28/);
  });

  it('refuses more nodes than it reads before converting any', () => {
    const model = decodeModel(valid[0]);
    model.graph!.node = Array.from({ length: MAX_NODES + 1 }, (_, i) => ({
      op_type: 'Relu',
      input: [`v${i}`],
      output: [`v${i + 1}`],
    }));
    expect(() => importOnnx(encodeModel(model))).toThrow(/100001 nodes is more than the 100000/);
  }, 20_000);

  it('refuses a message nested hundreds of levels deep without overflowing', () => {
    const started = performance.now();
    expect(() => importOnnx(deeplyNested(500))).toThrow(/^importOnnx/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
