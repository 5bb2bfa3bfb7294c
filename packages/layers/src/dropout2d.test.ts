import { createRng, Tensor } from '@scratchnet/tensor';
import { withManualSeed } from '@scratchnet/tensor/testing';
import { describe, expect, it } from 'vitest';
import { Dropout2d } from './dropout2d';
import { layerFromConfig } from './registry';

/** Per (n, c) feature map of y: 0 when all of it is 0, `scale` when it is exactly x·scale, else NaN. */
function channelFactors(x: Tensor, y: Tensor, scale: number): number[] {
  const area = x.shape[2] * x.shape[3];
  const factors: number[] = [];
  for (let start = 0; start < x.size; start += area) {
    const map = Array.from(y.data.subarray(start, start + area));
    const scaled = map.every((v, i) => v === x.data[start + i] * scale);
    factors.push(map.every((v) => v === 0) ? 0 : scaled ? scale : Number.NaN);
  }
  return factors;
}

describe('Dropout2d', () => {
  // Strictly positive, so y / x is defined everywhere.
  const x = Tensor.uniform([50, 40, 3, 2], { rng: createRng(1), low: 0.5, high: 1.5, dtype: 'float64' });

  it('zeroes whole feature maps with probability p and scales the kept ones by 1/(1 − p)', () => {
    const factors = channelFactors(x, new Dropout2d(0.3, { seed: 1 }).forward(x), 1 / 0.7);
    expect(
      factors.every((f) => f === 0 || f === 1 / 0.7),
      String(factors.slice(0, 20)),
    ).toBe(true);
    // Binomial(2 000, 0.7): standard deviation 20.5; allow 4 of them.
    const kept = factors.filter((f) => f !== 0).length;
    expect(Math.abs(kept - 1400)).toBeLessThan(4 * Math.sqrt(2000 * 0.7 * 0.3));
  });

  it('backward multiplies dy by the same channel mask', () => {
    const layer = new Dropout2d(0.5, { seed: 2 });
    const y = layer.forward(x);
    const dy = Tensor.full(x.shape, 3, { dtype: 'float64' });
    const dx = layer.backward(dy);
    const factors = channelFactors(x, y, 2);
    expect(channelFactors(dy, dx, 2)).toEqual(factors);
    expect(new Set(factors)).toEqual(new Set([0, 2]));
  });

  it('is the identity in eval mode and when p = 0', () => {
    const layer = new Dropout2d(0.5, { seed: 3 });
    expect(layer.eval().forward(x)).toBe(x);
    expect(layer.backward(x)).toBe(x);
    expect(new Dropout2d(0, { seed: 3 }).forward(x)).toBe(x);
  });

  it('draws one number per channel from its generator: rng, seed or the global one after manualSeed', () => {
    const first = new Dropout2d(0.4, { seed: 5 }).forward(x);
    const rng = createRng(5);
    const expected = Array.from({ length: 50 * 40 }, () => (rng.next() < 0.6 ? 1 / 0.6 : 0));
    expect(channelFactors(x, first, 1 / 0.6)).toEqual(expected);
    const fromGlobal = withManualSeed(5, () => new Dropout2d(0.4).forward(x));
    expect(Array.from(fromGlobal.data)).toEqual(Array.from(first.data));
    // A layer built before the reseed follows it, as Dropout does.
    const built = new Dropout2d(0.4);
    expect(Array.from(withManualSeed(5, () => built.forward(x)).data)).toEqual(Array.from(first.data));
  });

  it('rebuilds from its config with the same seed and mask', () => {
    const layer = new Dropout2d(0.25, { seed: 9 });
    const rebuilt = layerFromConfig(JSON.parse(JSON.stringify(layer.config())));
    expect(String(rebuilt)).toBe('Dropout2d(p=0.25)');
    expect(Array.from(rebuilt.forward(x).data)).toEqual(Array.from(layer.forward(x).data));
  });

  it('names itself, the argument and the value or shape in its errors', () => {
    expect(() => new Dropout2d(1)).toThrow('Dropout2d: p must be a probability in [0, 1), got 1');
    expect(() => new Dropout2d(Number.NaN)).toThrow('Dropout2d: p must be a probability in [0, 1), got NaN');
    expect(() => new Dropout2d(0.5, null as never)).toThrow('Dropout2d: options must be an object, got null');
    expect(() => new Dropout2d(0.5, { seed: -1 })).toThrow(
      'Dropout2d(p=0.5): seed must be an integer in [0, 2^32), got -1',
    );
    expect(() => new Dropout2d(0.5, { seed: 0 }).forward(Tensor.zeros([2, 3, 4]))).toThrow(
      'Dropout2d(p=0.5): expected input [N, C, H, W], got [2, 3, 4]',
    );
  });
});
