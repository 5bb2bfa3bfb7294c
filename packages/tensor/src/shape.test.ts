import { describe, expect, it } from 'vitest';
import { formatShape } from './shape';

describe('formatShape', () => {
  it('lists up to 12 dimensions, and past that the first 10, the last and the rank', () => {
    expect(formatShape([])).toBe('[]');
    expect(formatShape([2, 3, 4])).toBe('[2, 3, 4]');
    expect(formatShape(Array(12).fill(1))).toBe('[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]');
    const hostile = Array.from({ length: 255 }, (_, i) => 0xffff_ffff - i);
    expect(formatShape(hostile)).toBe(`[${hostile.slice(0, 10).join(', ')}, …, 4294967041] (rank 255)`);
  });
});
