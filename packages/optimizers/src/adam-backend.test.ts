import {
  type AdamStepArgs,
  type FloatArray,
  getBackend,
  jsBackend,
  registerBackend,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adam';

/** What each adamStep call received. */
const calls: { arrays: (FloatArray | null)[]; args: AdamStepArgs }[] = [];

describe('Adam and the backend registry', () => {
  let previous = 'js';
  beforeAll(() => {
    previous = getBackend().name;
    registerBackend({
      name: 'adam-spy',
      apiVersion: 1,
      dtypes: ['float32'],
      adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, args) {
        calls.push({ arrays: [param, grad, expAvg, expAvgSq, maxExpAvgSq], args });
        jsBackend.adamStep(param, grad, expAvg, expAvgSq, maxExpAvgSq, args);
      },
    });
    setBackend('adam-spy');
  });
  afterAll(() => setBackend(previous));

  it("steps each parameter with the active backend's adamStep, in place on its own arrays", () => {
    const p = { name: 'w', value: Tensor.ones([2, 3]), grad: Tensor.full([2, 3], 0.5) };
    const optimizer = new AdamW([p], { lr: 0.1, amsgrad: true });
    optimizer.step();
    optimizer.step();
    expect(calls.map((c) => [c.args.step, c.args.decoupledWeightDecay, c.args.amsgrad])).toEqual([
      [1, true, true],
      [2, true, true],
    ]);
    const [first, second] = calls.map((c) => c.arrays);
    expect(first[0]).toBe(p.value.data);
    expect(first[1]).toBe(p.grad.data);
    // The moments live in the optimizer's state: the same arrays on every step, none of them null.
    second.slice(2).forEach((moment, i) => {
      expect(moment).toBe(first[2 + i]);
    });
    expect(first.every((a) => a !== null)).toBe(true);
    expect(p.value.data[0]).toBeLessThan(1);
  });
});
