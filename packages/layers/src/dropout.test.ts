import { createRng, Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { Dropout } from './dropout';

describe('Dropout', () => {
  const x = Tensor.ones([100, 100], { dtype: 'float64' });

  it('keeps each element with probability 1 − p and scales kept ones by 1/(1 − p)', () => {
    const dropout = new Dropout(0.3, { seed: 1 });
    const y = dropout.forward(x);
    const kept = Array.from(y.data).filter((v) => v !== 0);
    expect(kept.every((v) => v === 1 / 0.7)).toBe(true);
    // Binomial(10 000, 0.7): standard deviation 46; allow 4 of them.
    expect(Math.abs(kept.length - 7000)).toBeLessThan(4 * Math.sqrt(10000 * 0.7 * 0.3));
    // Inverted dropout keeps the mean: 1 ± 4·sqrt(0.3/0.7/10 000).
    expect(Math.abs(kept.reduce((a, b) => a + b, 0) / 10000 - 1)).toBeLessThan(
      4 * Math.sqrt(0.3 / 0.7 / 10000),
    );
  });

  it('backward applies the same mask', () => {
    const dropout = new Dropout(0.5, { seed: 2 });
    const y = dropout.forward(x);
    const dy = Tensor.full([100, 100], 3, { dtype: 'float64' });
    const dx = dropout.backward(dy);
    expect(Array.from(dx.data)).toEqual(Array.from(y.data, (v) => 3 * v));
  });

  it('is the identity in eval mode and when p = 0', () => {
    const dropout = new Dropout(0.5, { seed: 3 });
    expect(dropout.eval().forward(x)).toBe(x);
    expect(dropout.backward(x)).toBe(x);
    expect(dropout.forward(x, { training: true })).not.toBe(x);
    expect(new Dropout(0, { seed: 3 }).forward(x)).toBe(x);
  });

  it('draws the same mask from the same seed, and a new one on the next call', () => {
    const a = new Dropout(0.4, { seed: 5 }).forward(x);
    const layer = new Dropout(0.4, { rng: createRng(5) });
    const b = layer.forward(x);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(layer.forward(x).data)).not.toEqual(Array.from(b.data));
  });

  it('validates p and its random source', () => {
    expect(() => new Dropout(1, { seed: 0 })).toThrow('Dropout: p must be a probability in [0, 1), got 1');
    expect(() => new Dropout(-0.1, { seed: 0 })).toThrow(
      'Dropout: p must be a probability in [0, 1), got -0.1',
    );
    expect(() => new Dropout(Number.NaN, { seed: 0 })).toThrow('got NaN');
    expect(() => new Dropout(0.5, { seed: -1 })).toThrow(
      'Dropout(p=0.5): seed must be an integer in [0, 2^32), got -1',
    );
  });
});
