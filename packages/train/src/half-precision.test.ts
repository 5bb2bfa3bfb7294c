import { describe, expect, it } from 'vitest';
import { BF16, F16, fromHalfBits, type HalfFormat, toHalfBits } from './half-precision';

describe.each([
  ['F16', F16],
  ['BF16', BF16],
] as [string, HalfFormat][])('%s', (_, format) => {
  it('narrows every one of the 65,536 bit patterns back to itself after widening', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromHalfBits(bits, format);
      if (Number.isNaN(value))
        expect(Number.isNaN(fromHalfBits(toHalfBits(value, format), format))).toBe(true);
      else expect(toHalfBits(value, format)).toBe(bits);
    }
  });

  it('rounds a value between two neighbours to the nearer one, a tie to the even pattern', () => {
    for (let bits = 1; bits < 0x7bff; bits++) {
      const [low, high] = [fromHalfBits(bits, format), fromHalfBits(bits + 1, format)];
      if (!Number.isFinite(high)) break;
      const even = bits % 2 === 0 ? bits : bits + 1;
      expect(toHalfBits((low + high) / 2, format)).toBe(even);
      expect(toHalfBits(low + (high - low) * 0.25, format)).toBe(bits);
      expect(toHalfBits(low + (high - low) * 0.75, format)).toBe(bits + 1);
    }
  });
});
