import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Conv2d } from './conv2d';
import { fansOf } from './init';
import { Linear } from './linear';

function stats(t: Tensor) {
  const values = Array.from(t.data);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values) };
}

describe('initialisation', () => {
  it('computes fans as torch.nn.init does', () => {
    expect(fansOf([10, 784])).toEqual({ fanIn: 784, fanOut: 10 });
    expect(fansOf([8, 2, 3, 5])).toEqual({ fanIn: 30, fanOut: 120 });
  });

  it('default: weight and bias uniform within ±1/sqrt(fanIn), spread like a uniform', () => {
    const layer = new Linear(400, 300, { seed: 3, dtype: 'float64' });
    const bound = 1 / Math.sqrt(400);
    const w = stats(layer.weight.value);
    // kaiming_uniform_(a=sqrt(5)) has bound sqrt(3)·sqrt(2/6)/sqrt(fanIn) = 1/sqrt(fanIn), std bound/sqrt(3).
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.max).toBeGreaterThan(0.99 * bound);
    expect(w.min).toBeLessThan(-0.99 * bound);
    // 120 000 samples: the std estimate is within ~0.3 % (4 standard errors ≈ 0.8 %).
    expect(Math.abs(w.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(w.mean)).toBeLessThan((4 * (bound / Math.sqrt(3))) / Math.sqrt(120000));
    const b = stats(layer.bias!.value);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max).toBeLessThanOrEqual(bound);
  });

  it('default for Conv2d uses fanIn = inC/groups·kH·kW', () => {
    const conv = new Conv2d(8, 16, 3, { seed: 5, groups: 2 });
    const bound = 1 / Math.sqrt((8 / 2) * 9);
    const w = stats(conv.weight.value);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(w.max).toBeGreaterThan(0.95 * bound);
  });

  it("'xavier': uniform within sqrt(6/(fanIn+fanOut)), zero bias", () => {
    const layer = new Linear(200, 100, { seed: 1, init: 'xavier', dtype: 'float64' });
    const bound = Math.sqrt(6 / 300);
    const w = stats(layer.weight.value);
    expect(w.max).toBeLessThanOrEqual(bound);
    expect(w.min).toBeGreaterThanOrEqual(-bound);
    expect(Math.abs(w.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
    expect(Array.from(layer.bias!.value.data).every((v) => v === 0)).toBe(true);
  });

  it("'he': normal with std sqrt(2/fanIn), zero bias", () => {
    const layer = new Linear(200, 100, { seed: 1, init: 'he', dtype: 'float64' });
    const w = stats(layer.weight.value);
    // 20 000 normal samples: relative standard error of the std ≈ 0.5 %.
    expect(Math.abs(w.std / Math.sqrt(2 / 200) - 1)).toBeLessThan(0.025);
    expect(Math.abs(w.mean)).toBeLessThan((4 * Math.sqrt(2 / 200)) / Math.sqrt(20000));
  });

  it('is reproducible: the same seed gives the same weights, another seed different ones', () => {
    const a = new Linear(5, 4, { seed: 9 });
    const b = new Linear(5, 4, { rng: createRng(9) });
    const c = new Linear(5, 4, { seed: 10 });
    expect(Array.from(a.weight.value.data)).toEqual(Array.from(b.weight.value.data));
    expect(Array.from(a.bias!.value.data)).toEqual(Array.from(b.bias!.value.data));
    expect(Array.from(a.weight.value.data)).not.toEqual(Array.from(c.weight.value.data));
  });

  it('a shared generator gives successive layers different weights', () => {
    const rng = createRng(2);
    const first = new Linear(3, 3, { rng });
    const second = new Linear(3, 3, { rng });
    expect(Array.from(first.weight.value.data)).not.toEqual(Array.from(second.weight.value.data));
    expect(first.weight.value).toBeInstanceOf(Tensor);
  });
});
