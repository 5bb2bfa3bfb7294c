import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam } from '@scratchnet/optimizers';
import { createRng, setBackend, Tensor } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { deserializeModel } from '../model-format';
import { lenet, mlp, seedCnn } from '../presets';
import { writeFileAtomic } from './atomic-write';
import { loadCheckpoint, loadModel, saveModel } from './save-model';

setBackend('js');
const dir = mkdtempSync(join(tmpdir(), 'scratchnet-save-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));

describe('saveModel / loadModel', () => {
  it('restores a model whose predictions are bit-identical', () => {
    const model = lenet({ seed: 3 });
    const x = Tensor.uniform([2, 1, 28, 28], { rng: createRng(1) });
    const before = model.forward(x, { training: false });
    saveModel(model, join(dir, 'lenet'), { info: { preset: 'lenet' } });
    expect(readdirSync(join(dir, 'lenet')).sort()).toEqual([
      'checkpoint.json',
      'model.json',
      'model.safetensors',
    ]);
    const loaded = loadModel(join(dir, 'lenet'));
    const after = loaded.forward(x, { training: false });
    expect(Buffer.from(after.data.buffer)).toEqual(Buffer.from(before.data.buffer));
    expect(loadCheckpoint(join(dir, 'lenet')).info).toEqual({ preset: 'lenet' });
  });

  it('keeps the optimizer state and epoch count for resuming', () => {
    const model = mlp({ seed: 1 });
    const optimizer = new Adam(model.parameters(), { lr: 0.001 });
    for (const p of model.parameters()) p.grad.data.fill(0.5);
    optimizer.step();
    saveModel(model, join(dir, 'mlp'), { optimizer, epochsDone: 3 });
    const checkpoint = loadCheckpoint(join(dir, 'mlp'));
    expect(checkpoint.epochsDone).toBe(3);
    expect(checkpoint.optimizerState).toEqual(JSON.parse(JSON.stringify(optimizer.stateDict())));
  });

  it('loads a PyTorch state_dict (safetensors) and predicts what PyTorch predicted', () => {
    const architecture = seedCnn({ seed: 0 }).config();
    const json = JSON.stringify({ format: 'scratchnet.model', version: 1, architecture });
    const model = deserializeModel(json, new Uint8Array(fixture('seed-cnn.safetensors')));
    const io = JSON.parse(fixture('seed-cnn-io.json').toString());
    const y = model.forward(Tensor.from(io.inputs, [3, 1, 28, 28]), { training: false });
    // float32 through conv (36 and 196 terms) and linear (800 terms): rounding-order differences
    // stay within a few float32 ulps of the output scale (~0.3), so 1e-5 absolute.
    y.data.forEach((v, i) => {
      expect(Math.abs(v - io.outputs[i])).toBeLessThan(1e-5);
    });
  });

  it('names the problem when files are missing or do not match', () => {
    expect(() => loadModel(join(dir, 'nothing'))).toThrow(
      /loadModel: cannot read the architecture .*nothing\/model.json \(no such file\)/,
    );
    const other = join(dir, 'mismatch');
    saveModel(seedCnn({ seed: 1 }), other);
    const lenetJson = JSON.stringify({
      format: 'scratchnet.model',
      version: 1,
      architecture: lenet({ seed: 0 }).config(),
    });
    writeFileSync(join(other, 'model.json'), lenetJson);
    expect(() => loadModel(other)).toThrow(
      /mismatch\/model.json is not the file saved with this checkpoint \(\d+ bytes, checkpoint.json recorded \d+\): the folder holds files from different saves. Delete checkpoint.json to load the files as they are.$/,
    );
    rmSync(join(other, 'checkpoint.json'));
    expect(() => loadModel(other)).toThrow(
      /the weights do not fit the architecture: "0.bias" is \[4\] in the file but \[32\] in the architecture; "0.weight" is \[4, 1, 3, 3\] in the file but \[32, 1, 5, 5\]/,
    );
    writeFileSync(join(other, 'model.json'), '{"format":"keras"}');
    expect(() => loadModel(other)).toThrow(/not a scratchnet model file/);
    writeFileSync(join(other, 'model.json'), '{"format":');
    expect(() => loadModel(other)).toThrow(/model.json: not valid JSON/);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary behind', () => {
    const path = join(dir, 'atomic.bin');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
