import { describe, expect, it } from 'vitest';
import { globalRng } from './global-rng';
import { resolveRng } from './resolve-rng';
import { createRng } from './rng';
import { withManualSeed } from './testing/with-manual-seed';

describe('resolveRng', () => {
  it('returns the given generator itself, which wins over a seed', () => {
    const rng = createRng(4);
    expect(resolveRng('Op', { rng })).toBe(rng);
    expect(resolveRng('Op', { rng, seed: 1 })).toBe(rng);
  });

  it('makes a new generator from a seed, without touching the global one', () => {
    withManualSeed(3, () => {
      const a = resolveRng('Op', { seed: 11 });
      expect(a).not.toBe(globalRng());
      expect(a.seed).toBe(11);
      expect(a.nextUint32()).toBe(createRng(11).nextUint32());
      expect(globalRng().nextUint32()).toBe(createRng(3).nextUint32());
    });
  });

  it('falls back to the global generator when given neither (or no options at all)', () => {
    expect(resolveRng('Op', {})).toBe(globalRng());
    expect(resolveRng('Op', undefined)).toBe(globalRng());
    expect(resolveRng('Op', { rng: undefined, seed: undefined })).toBe(globalRng());
  });

  it('names the owner and the value of a bad seed', () => {
    expect(() => resolveRng('Linear(3 -> 1)', { seed: 1.5 })).toThrow(
      'Linear(3 -> 1): seed must be an integer in [0, 2^32), got 1.5',
    );
    expect(() => resolveRng('Dropout(p=0.5)', { seed: Number.NaN })).toThrow('Dropout(p=0.5): seed must be');
    expect(() => resolveRng('Op', { seed: -2 })).toThrow('Op: seed must be an integer in [0, 2^32), got -2');
    expect(() => resolveRng('Op', { seed: '7' as unknown as number })).toThrow('got "7"');
    expect(() => resolveRng('Op', { seed: null as unknown as number })).toThrow('got null');
  });

  it('names the owner and what is wrong with something that is not a generator', () => {
    const notRng = (value: unknown) => () => resolveRng('DataLoader', { rng: value as never });
    expect(notRng(42)).toThrow('DataLoader: rng must be a generator from createRng(seed), got 42');
    expect(notRng('abc')).toThrow('got "abc"');
    expect(notRng(null)).toThrow('got null');
    expect(notRng({})).toThrow('got an object without nextUint32, next, int, normal, shuffle, fork');
    const { fork: _fork, normal: _normal, ...partial } = createRng(1);
    expect(notRng(partial)).toThrow('got an object without normal, fork');
  });
});
