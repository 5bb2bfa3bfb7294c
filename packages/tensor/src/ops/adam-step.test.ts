import { describe, expect, it } from 'vitest';
import type { AdamStepArgs } from '../backend/types';
import { Tensor } from '../tensor';
import { adamStep } from './adam-step';

const args: AdamStepArgs = {
  lr: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
  decoupledWeightDecay: false,
  amsgrad: false,
  maximize: false,
  step: 1,
};

const f64 = (values: number[]) => Tensor.from(values, { dtype: 'float64' });
const zeros = () => Tensor.zeros([2], { dtype: 'float64' });

describe('adamStep (tensor op)', () => {
  it('takes the first step in place: the bias-corrected moments are g and g², so p -= lr·g / (|g| + eps)', () => {
    const param = f64([1, 2]);
    const grad = f64([0.5, -4]);
    const moments = { expAvg: zeros(), expAvgSq: zeros() };
    adamStep(param, grad, moments, args);
    expect(param.data[0]).toBeCloseTo(1 - (0.1 * 0.5) / (0.5 + 1e-8), 14);
    expect(param.data[1]).toBeCloseTo(2 + (0.1 * 4) / (4 + 1e-8), 14);
    expect(Array.from(moments.expAvg.data)).toEqual([0.1 * 0.5, 0.1 * -4].map((v) => expect.closeTo(v, 15)));
    expect(Array.from(moments.expAvgSq.data)).toEqual([0.25, 16].map((v) => expect.closeTo(0.001 * v, 15)));
    expect(Array.from(grad.data)).toEqual([0.5, -4]);
  });

  it('names the argument whose shape, dtype or kind is wrong', () => {
    const param = f64([1, 2]);
    const ok = { expAvg: zeros(), expAvgSq: zeros() };
    expect(() => adamStep(param, f64([1, 2, 3]), ok, args)).toThrow(
      'adamStep: grad must have shape [2] (the parameter), got [3]',
    );
    expect(() => adamStep(param, f64([1, 2]), { ...ok, expAvgSq: Tensor.zeros([2]) }, args)).toThrow(
      'adamStep: dtypes differ: param is float64, expAvgSq is float32',
    );
    expect(() => adamStep(param, param.data as never, ok, args)).toThrow(
      'adamStep: grad must be a Tensor, got [object Float64Array]',
    );
    expect(() => adamStep(param, f64([1, 2]), ok, { ...args, amsgrad: true })).toThrow(
      'adamStep: maxExpAvgSq is required when amsgrad is set, got null',
    );
  });
});
