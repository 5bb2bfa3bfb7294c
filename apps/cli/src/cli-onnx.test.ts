import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linear, Sequential } from '@scratchnet/layers';
import { exportOnnx, OnnxReshape } from '@scratchnet/onnx';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, requireBuiltCli, runCli, tempDir } from './test-support/run-cli';

const dir = tempDir();

beforeAll(() => requireBuiltCli());

describe('scratchnet export and import (built CLI)', () => {
  it('a trained model goes out as ONNX and comes back as a folder that eval, summary and train --resume use', async () => {
    const trained = join(dir, 'mlp');
    const onnx = join(dir, 'mlp.onnx');
    const imported = join(dir, 'imported');
    expect(
      (await runCli(['train', '--model', 'mlp', '--epochs', '1', '--limit', '300', '--out', trained])).code,
    ).toBe(0);
    const exported = await runCli(['export', '--model', trained, '--format', 'onnx', '--out', onnx]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/ONNX opset 17, input \[N, 1, 28, 28\]/);
    const read = await runCli(['import', onnx, '--out', imported, '--limit', '300']);
    expect(read.code, read.stderr).toBe(0);

    const evaluate = async (model: string) =>
      lastJson((await runCli(['eval', '--model', model, '--limit', '300', '--json'])).stdout);
    const [before, after] = [await evaluate(trained), await evaluate(imported)];
    expect(after.testAccuracy).toBe(before.testAccuracy);
    expect(after.testLoss).toBeCloseTo(before.testLoss as number, 5);

    const summary = await runCli(['summary', '--model', imported]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('Total params: 100,710');

    const tuned = await runCli(['train', '--resume', imported, '--epochs', '1', '--json']);
    expect(tuned.code, tuned.stderr).toBe(0);
    expect(lastJson(tuned.stdout).epochs).toBe(1);
  }, 120_000);

  it("a model holding the ONNX package's own layers loads again from its folder", async () => {
    const file = join(dir, 'reshape.onnx');
    // [0, -1] keeps the batch: it imports as the layers' Reshape; [-1, 784] stays an OnnxReshape.
    const model = new Sequential(
      new OnnxReshape([0, -1]),
      new OnnxReshape([-1, 784]),
      new Linear(784, 10, { seed: 1 }),
    );
    writeFileSync(file, exportOnnx(model, { inputShape: [1, 1, 28, 28] }));
    expect((await runCli(['import', file, '--out', join(dir, 'reshape')])).code).toBe(0);
    const summary = await runCli(['summary', '--model', join(dir, 'reshape')]);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toMatch(/0 \(Reshape\) +\[1, 784\]/);
    expect(summary.stdout).toMatch(/1 \(OnnxReshape\) +\[1, 784\]/);
  });

  it('says what is wrong with a file that is not ONNX, or a model that does not fit the data set', async () => {
    const junk = join(dir, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const r = await runCli(['import', junk, '--out', join(dir, 'junk')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.onnx: importOnnx: not a readable ONNX file/);
    const small = join(dir, 'small.onnx');
    writeFileSync(small, exportOnnx(new Sequential(new Linear(3, 2, { seed: 1 })), { inputShape: [1, 3] }));
    const misfit = await runCli(['import', small, '--out', join(dir, 'small')]);
    expect(misfit.code).toBe(2);
    expect(misfit.stderr).toMatch(/does not take mnist samples/);
  });
});
