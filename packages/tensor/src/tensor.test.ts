import { describe, expect, it } from 'vitest';
import { manualSeed } from './global-rng';
import { createRng } from './rng';
import { Tensor } from './tensor';
import { withManualSeed } from './testing/with-manual-seed';

describe('Tensor creation', () => {
  it('infers shape and dtype from nested arrays', () => {
    const t = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Tensor.from([1, 2], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
  });

  it('takes a flat array with an explicit shape and copies typed arrays', () => {
    const src = new Float64Array([1, 2, 3, 4]);
    const t = Tensor.from(src, [2, 2]);
    expect(t.dtype).toBe('float64');
    src[0] = 99;
    expect(t.data[0]).toBe(1);
  });

  it('rejects ragged arrays, wrong lengths and bad shapes with the shapes in the message', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(
      /ragged nested array \(expected 2 entries at depth 1, got 1\)/,
    );
    expect(() => Tensor.from([1, 2, 3], [2, 2])).toThrow('Tensor.from: shape [2, 2] needs 4 elements, got 3');
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(
      'Tensor: shape [2, 3] needs 6 elements, data has 5',
    );
    expect(() => Tensor.zeros([2, -1])).toThrow('Tensor.zeros: shape [2, -1] has an invalid size -1');
    expect(() => Tensor.zeros([2.5])).toThrow(/invalid size 2.5/);
    expect(() => new Tensor([1, 2] as unknown as Float32Array, [2])).toThrow(/Float32Array or Float64Array/);
    expect(() => Tensor.zeros([2], { dtype: 'int8' as never })).toThrow(
      `dtype must be 'float32' or 'float64', got "int8"`,
    );
  });

  it('zeros, ones, full and arange', () => {
    expect(Array.from(Tensor.ones([3]).data)).toEqual([1, 1, 1]);
    expect(Array.from(Tensor.full([2], 7, { dtype: 'float64' }).data)).toEqual([7, 7]);
    expect(Array.from(Tensor.arange(5).data)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(Tensor.arange(1, 2, 0.25).data)).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Tensor.arange(3, 1).shape).toEqual([0]);
    expect(() => Tensor.arange(0, 1, 0)).toThrow(/step non-zero/);
  });

  it('random creation is seeded', () => {
    const a = Tensor.randn([1000], { rng: createRng(3), mean: 2, std: 0.5, dtype: 'float64' });
    const b = Tensor.randn([1000], { rng: createRng(3), mean: 2, std: 0.5, dtype: 'float64' });
    expect(a.data).toEqual(b.data);
    const mean = Array.from(a.data).reduce((s, v) => s + v, 0) / a.size;
    // Standard error of the mean is 0.5/sqrt(1000) ≈ 0.016; 5 sigma.
    expect(Math.abs(mean - 2)).toBeLessThan(0.08);
    const u = Tensor.uniform([1000], { rng: createRng(1), low: -1, high: 3 });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u.data)).toBeLessThan(3);
  });

  it('random creation takes { seed }, and without rng or seed draws from the global generator', () => {
    const fromSeed = Tensor.uniform([6], { seed: 8, low: -1, high: 1 }).data;
    expect(fromSeed).toEqual(Tensor.uniform([6], { rng: createRng(8), low: -1, high: 1 }).data);
    withManualSeed(8, () => {
      expect(Tensor.uniform([6], { low: -1, high: 1 }).data).toEqual(fromSeed);
      // The global generator has moved on: the next tensor differs.
      expect(Tensor.uniform([6], { low: -1, high: 1 }).data).not.toEqual(fromSeed);
      manualSeed(8);
      expect(Tensor.randn([5]).data).toEqual(Tensor.randn([5], { seed: 8 }).data);
    });
    expect(() => Tensor.randn([2], { seed: -1 })).toThrow(
      'Tensor.randn: seed must be an integer in [0, 2^32), got -1',
    );
    expect(() => Tensor.uniform([2], { rng: {} as never })).toThrow(
      'Tensor.uniform: rng must be a generator from createRng(seed), got an object without',
    );
  });
});

describe('Tensor views and layout', () => {
  const t = Tensor.arange(24).reshape([2, 3, 4]);

  it('reshape shares data and infers one -1', () => {
    const r = t.reshape([4, -1]);
    expect(r.shape).toEqual([4, 6]);
    expect(r.data).toBe(t.data);
    expect(() => t.reshape([5, -1])).toThrow('reshape: cannot reshape [2, 3, 4] (24 elements) into [5, -1]');
    expect(() => t.reshape([-1, -1])).toThrow(/only one dimension may be -1/);
  });

  it('permute and transpose reorder like NumPy', () => {
    const p = t.permute([2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[i][j][k] = t[j][k][i] = j*12 + k*4 + i
    expect(p.toArray()).toEqual(
      Array.from({ length: 4 }, (_, i) =>
        Array.from({ length: 2 }, (_, j) => Array.from({ length: 3 }, (_, k) => j * 12 + k * 4 + i)),
      ),
    );
    const m = Tensor.from([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.transpose().toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(t.transpose(0, 1).shape).toEqual([3, 2, 4]);
    expect(() => t.permute([0, 0, 1])).toThrow(/repeat an axis/);
    expect(() => t.permute([0, 1])).toThrow(/must list each of the 3 axes/);
    expect(() => t.transpose(0, 5)).toThrow('transpose: axis 5 is out of range for a tensor of rank 3');
  });

  it('clone, astype, item', () => {
    const c = t.clone();
    c.data[0] = 42;
    expect(t.data[0]).toBe(0);
    expect(t.astype('float64').data).toBeInstanceOf(Float64Array);
    expect(Tensor.from([5]).item()).toBe(5);
    expect(() => t.item()).toThrow('item: tensor of shape [2, 3, 4] has 24 elements, not 1');
  });

  it('toString prints like NumPy', () => {
    expect(
      Tensor.from([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[1., 2.],\n        [3., 4.]], dtype=float32)');
    expect(Tensor.from([0.5, -1.25], { dtype: 'float64' }).toString()).toBe(
      'tensor([ 0.5 , -1.25], dtype=float64)',
    );
    expect(Tensor.from([Number.NaN, Number.POSITIVE_INFINITY]).toString()).toBe(
      'tensor([nan, inf], dtype=float32)',
    );
    expect(Tensor.zeros([3000]).toString()).toContain('...');
  });
});
