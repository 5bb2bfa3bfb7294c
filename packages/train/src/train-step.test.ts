/**
 * The step arena changes where arrays come from, never what a step computes: every preset trains
 * to the same bits with fresh arrays and with recycled ones that are poisoned with NaN between
 * steps (so an op that read an element it did not write would show), on every backend.
 */
import '@scratchnet/backend-wasm';
import { nativeAvailable } from '@scratchnet/conv-native';
import { SoftmaxCrossEntropy } from '@scratchnet/losses';
import { Adam } from '@scratchnet/optimizers';
import { createRng, StepArena, setBackend, Tensor } from '@scratchnet/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { type PresetName, presets } from './presets';
import { trainStep } from './train-step';

afterAll(() => setBackend('js'));

const shapes: Partial<Record<PresetName, number[]>> = { 'small-cnn': [3, 32, 32] };

function train(name: PresetName, arena: StepArena | undefined) {
  const model = presets[name]({ seed: 3 });
  const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
  const rng = createRng(5);
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const x = Tensor.uniform([2, ...(shapes[name] ?? [1, 28, 28])], { rng });
    const labels = [rng.int(10), rng.int(10)];
    losses.push(trainStep(model, { x, labels }, { loss: new SoftmaxCrossEntropy(), optimizer, arena }).loss);
  }
  return { losses, weights: model.parameters().map((p) => [...p.value.data]) };
}

describe('trainStep with a StepArena', () => {
  const backends = ['js', 'wasm', ...(nativeAvailable() ? ['native'] : [])];
  it('found the native backend (CI builds it)', () => {
    expect(backends).toContain('native');
  });
  // One test per preset and backend: the js backend takes seconds on lenet and resnet, more when the
  // test files run side by side on two cores, hence the longer timeout.
  for (const backend of backends) {
    for (const name of Object.keys(presets) as PresetName[]) {
      it(`trains ${name} to the same bits as fresh arrays do, on ${backend}`, () => {
        setBackend(backend);
        const fresh = train(name, undefined);
        const arena = new StepArena({ poison: true });
        const reused = train(name, arena);
        expect(reused.losses, name).toEqual(fresh.losses);
        expect(reused.weights, name).toEqual(fresh.weights);
        expect(arena.bytes, `${name} reused its arrays`).toBeGreaterThan(0);
      }, 30_000);
    }
  }
});
