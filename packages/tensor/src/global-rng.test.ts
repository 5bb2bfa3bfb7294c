import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SEED, globalRng, manualSeed } from './global-rng';
import { createRng } from './rng';
import { withManualSeed } from './testing/with-manual-seed';

const draws = (rng: { nextUint32(): number }, n = 4) => Array.from({ length: n }, () => rng.nextUint32());

const GLOBAL_RNG_KEY = Symbol.for('scratchnet.tensor.global-rng.v1');
const holder = globalThis as unknown as Record<symbol, unknown>;

describe('the global generator', () => {
  it('starts from DEFAULT_SEED in a fresh process', () => {
    const saved = holder[GLOBAL_RNG_KEY];
    delete holder[GLOBAL_RNG_KEY];
    try {
      expect(globalRng().seed).toBe(DEFAULT_SEED);
      expect(draws(globalRng())).toEqual(draws(createRng(DEFAULT_SEED)));
    } finally {
      holder[GLOBAL_RNG_KEY] = saved;
    }
  });

  it('manualSeed(n) makes it draw what createRng(n) draws, and it advances', () => {
    withManualSeed(1, () => {
      manualSeed(123);
      const expected = draws(createRng(123), 8);
      expect(globalRng().seed).toBe(123);
      expect(draws(globalRng())).toEqual(expected.slice(0, 4));
      expect(draws(globalRng())).toEqual(expected.slice(4));
    });
  });

  it('is one object that follows a reseed (a holder of it sees the new stream)', () => {
    withManualSeed(1, () => {
      const held = globalRng();
      manualSeed(9);
      expect(globalRng()).toBe(held);
      expect(held.seed).toBe(9);
      const twin = createRng(9);
      expect(held.normal()).toBe(twin.normal());
      expect(held.int(10)).toBe(twin.int(10));
      expect(held.next()).toBe(twin.next());
      expect(held.shuffle([0, 1, 2, 3, 4, 5])).toEqual(twin.shuffle([0, 1, 2, 3, 4, 5]));
      expect(held.fork().nextUint32()).toBe(twin.fork().nextUint32());
    });
  });

  it('is shared by a second copy of the module (as when ESM and CJS builds are both loaded)', async () => {
    vi.resetModules();
    const copy = await import('./global-rng');
    expect(copy.manualSeed).not.toBe(manualSeed);
    withManualSeed(1, () => {
      copy.manualSeed(77);
      expect(draws(globalRng())).toEqual(draws(createRng(77)));
    });
  });

  it('rejects seeds that are not integers in [0, 2^32), naming the value', () => {
    expect(() => manualSeed(1.5)).toThrow('manualSeed: seed must be an integer in [0, 2^32), got 1.5');
    expect(() => manualSeed(Number.NaN)).toThrow('manualSeed: seed must be an integer in [0, 2^32), got NaN');
    expect(() => manualSeed(-1)).toThrow('got -1');
    expect(() => manualSeed(2 ** 32)).toThrow('got 4294967296');
    expect(() => manualSeed(Number.POSITIVE_INFINITY)).toThrow('got Infinity');
    expect(() => manualSeed('3' as unknown as number)).toThrow('got "3"');
  });

  it('withManualSeed returns what its body returns and puts back the stream where it was, even after a throw', () => {
    withManualSeed(5, () => {
      globalRng().nextUint32();
      const expected = createRng(5);
      expected.nextUint32();
      expect(withManualSeed(3, () => globalRng().seed)).toBe(3);
      expect(() =>
        withManualSeed(6, () => {
          globalRng().nextUint32();
          manualSeed(8);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(draws(globalRng())).toEqual(draws(expected));
    });
  });
});
