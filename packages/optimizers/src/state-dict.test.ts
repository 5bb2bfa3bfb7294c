import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from './sgd';
import type { OptimizerStateDict } from './state-dict';
import { fixture, fixtureParameters, loadGradients, makeOptimizer, runSteps } from './test-support/fixture';

const STEPS = fixture.grads.float64.length;

describe('stateDict / loadStateDict resume exactly', () => {
  for (const c of fixture.optimizers) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${c.optimizer} ${JSON.stringify(c.options)} (${dtype}): 3 steps, save, load into a fresh optimizer, 5 more steps`, () => {
        const uninterrupted = fixtureParameters(dtype);
        const reference = makeOptimizer(c.optimizer, uninterrupted, c.options);
        runSteps(reference, uninterrupted, dtype, 0, STEPS);

        const params = fixtureParameters(dtype);
        const first = makeOptimizer(c.optimizer, params, c.options);
        runSteps(first, params, dtype, 0, 3);
        // Through JSON text, as a checkpoint would store it.
        const saved = JSON.parse(JSON.stringify(first.stateDict())) as OptimizerStateDict;
        const resumed = makeOptimizer(c.optimizer, params, { lr: 123 });
        resumed.loadStateDict(saved);
        expect(resumed.lr).toBe(first.lr);
        runSteps(resumed, params, dtype, 3, STEPS);
        params.forEach((p, i) => {
          expect(Array.from(p.value.data), p.name).toEqual(Array.from(uninterrupted[i].value.data));
        });
        expect(resumed.stateDict()).toEqual(reference.stateDict());
      });
    }
  }

  it('stores steps, hyperparameters and buffers as plain JSON, and accepts Tensors back', () => {
    const params = fixtureParameters('float32');
    const opt = makeOptimizer('Adam', params, { lr: 0.01, amsgrad: true });
    loadGradients(params, 'float32', 0);
    opt.step();
    const dict = opt.stateDict();
    expect(dict.optimizer).toBe('Adam');
    expect(dict.hyperparameters).toEqual({
      lr: 0.01,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: true,
      maximize: false,
    });
    expect(dict.state.map((s) => [s.name, s.step, Object.keys(s.buffers)])).toEqual([
      ['fc.weight', 1, ['expAvg', 'expAvgSq', 'maxExpAvgSq']],
      ['fc.bias', 1, ['expAvg', 'expAvgSq', 'maxExpAvgSq']],
    ]);
    expect(dict.state[1].buffers.expAvg).toEqual({ dtype: 'float32', shape: [5], data: expect.any(Array) });

    const asTensors = structuredClone(dict);
    for (const s of asTensors.state) {
      for (const [k, b] of Object.entries(s.buffers)) {
        const { dtype, shape, data } = b as { dtype: 'float32'; shape: number[]; data: number[] };
        s.buffers[k] = Tensor.from(data, shape, { dtype });
      }
    }
    const other = makeOptimizer('Adam', fixtureParameters('float32'), {});
    other.loadStateDict(asTensors);
    expect(other.stateDict()).toEqual(dict);
  });

  it('a SGD without momentum keeps no buffers', () => {
    const params = fixtureParameters('float64');
    const opt = new SGD(params, { lr: 0.1 });
    opt.step();
    expect(opt.stateDict().state[0]).toEqual({ name: 'fc.weight', step: 1, buffers: {} });
  });
});

describe('loadStateDict rejects a mismatching state dict', () => {
  const params = fixtureParameters('float64');
  const opt = makeOptimizer('SGD', params, { lr: 0.1, momentum: 0.9 });
  loadGradients(params, 'float64', 0);
  opt.step();
  const good = opt.stateDict();
  const fresh = () => makeOptimizer('SGD', fixtureParameters('float64'), { lr: 0.1 });

  it('of another optimizer', () => {
    expect(() => makeOptimizer('Adam', fixtureParameters('float64'), {}).loadStateDict(good)).toThrow(
      'Adam.loadStateDict: the state dict is for SGD, not Adam',
    );
  });
  it('that is not a state dict', () => {
    expect(() => fresh().loadStateDict({} as OptimizerStateDict)).toThrow(
      'SGD.loadStateDict: not a scratchnet optimizer state dict (format undefined, version undefined)',
    );
  });
  it('with another parameter count or names', () => {
    expect(() => fresh().loadStateDict({ ...good, state: good.state.slice(1) })).toThrow(
      'SGD.loadStateDict: the state dict has 1 parameters, the optimizer 2',
    );
    expect(() => fresh().loadStateDict({ ...good, state: [...good.state].reverse() })).toThrow(
      "SGD.loadStateDict: parameter 0 is 'fc.weight' but the state dict has 'fc.bias'",
    );
  });
  it('with a buffer of the wrong shape or dtype, or an unknown buffer', () => {
    const wrongShape = structuredClone(good);
    wrongShape.state[1].buffers.momentumBuffer = { dtype: 'float64', shape: [4], data: [1, 2, 3, 4] };
    expect(() => fresh().loadStateDict(wrongShape)).toThrow(
      "SGD.loadStateDict: buffer 'momentumBuffer' of parameter 'fc.bias' is float64 [4] but the parameter is float64 [5]",
    );
    const wrongDtype = structuredClone(good);
    wrongDtype.state[1].buffers.momentumBuffer = Tensor.zeros([5]);
    expect(() => fresh().loadStateDict(wrongDtype)).toThrow(
      "SGD.loadStateDict: buffer 'momentumBuffer' of parameter 'fc.bias' is float32 [5] but the parameter is float64 [5]",
    );
    const unknown = structuredClone(good);
    unknown.state[0].buffers.expAvg = unknown.state[0].buffers.momentumBuffer;
    expect(() => fresh().loadStateDict(unknown)).toThrow(
      "SGD.loadStateDict: parameter 'fc.weight' has unknown buffer 'expAvg' (it keeps momentumBuffer)",
    );
  });
  it('with invalid hyperparameters or step', () => {
    expect(() =>
      fresh().loadStateDict({ ...good, hyperparameters: { ...good.hyperparameters, lr: -1 } }),
    ).toThrow('SGD: option lr must be a number >= 0, got -1');
    const badStep = structuredClone(good);
    badStep.state[0].step = 1.5;
    expect(() => fresh().loadStateDict(badStep)).toThrow(
      "SGD.loadStateDict: parameter 'fc.weight' has step 1.5, expected an integer >= 0",
    );
  });
  it('and leaves the optimizer untouched when it throws', () => {
    const target = fresh();
    const before = target.stateDict();
    const bad = structuredClone(good);
    bad.state[1].buffers.momentumBuffer = { dtype: 'float64', shape: [4], data: [1, 2, 3, 4] };
    expect(() => target.loadStateDict(bad)).toThrow();
    expect(target.stateDict()).toEqual(before);
  });
});
