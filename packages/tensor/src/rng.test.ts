import { describe, expect, it } from 'vitest';
import { createRng, xoshiro128StarStar } from './rng';

describe('createRng (xoshiro128** seeded by SplitMix32)', () => {
  it('matches the published xoshiro128** reference vectors', () => {
    // Outputs of Blackman & Vigna's reference C code for the state {1, 2, 3, 4}.
    const next = xoshiro128StarStar([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, next)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('pins the seeded stream so that a seed means the same numbers everywhere', () => {
    // Computed by an independent Python transcription of the seeding (Weyl + fmix32) and xoshiro128**.
    const rng = createRng(0);
    expect(Array.from({ length: 4 }, () => rng.nextUint32())).toEqual([
      3809008728, 1133695204, 53579671, 2891528803,
    ]);
  });

  it('reproduces a stream for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(sa);
  });

  it('produces uniform and normal numbers with the right moments', () => {
    const rng = createRng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    // Standard errors: mean 1/sqrt(n) ≈ 0.0022, variance sqrt(2/n) ≈ 0.0032; allow 5 sigma.
    expect(Math.abs(s / n)).toBeLessThan(0.012);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.016);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(rng.next() * 10)]++;
    // Each bin ~ n/10 with sd sqrt(n*0.09) ≈ 134; allow 5 sigma.
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(700);
  });

  it('int() is unbiased and in range; shuffle is a permutation', () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(7);
      expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true);
    }
    const arr = Array.from({ length: 50 }, (_, i) => i);
    rng.shuffle(arr);
    expect([...arr].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(arr).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('fork gives an independent, reproducible stream', () => {
    const f1 = createRng(5).fork();
    const f2 = createRng(5).fork();
    expect(f1.next()).toBe(f2.next());
  });

  it('rejects invalid seeds and bounds', () => {
    expect(() => createRng(-1)).toThrow('createRng: seed must be an integer in [0, 2^32), got -1');
    expect(() => createRng(1.5)).toThrow(/got 1.5/);
    expect(() => createRng(0).int(0)).toThrow(/n must be an integer in \[1, 2\^32\], got 0/);
  });
});
