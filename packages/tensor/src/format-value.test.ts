import { describe, expect, it } from 'vitest';
import { formatValue } from './format-value';

describe('formatValue', () => {
  it('prints numbers as themselves, strings and objects as JSON, arrays element by element', () => {
    expect(formatValue(3)).toBe('3');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-0)).toBe('-0');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatValue('same')).toBe('"same"');
    expect(formatValue([1, Number.NaN, [2, 'x']])).toBe('[1, NaN, [2, "x"]]');
    expect(formatValue({ stride: 2 })).toBe('{"stride":2}');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(10n)).toBe('10n');
  });

  it('keeps hostile values to a short line: long strings, long or deep arrays, cycles', () => {
    expect(formatValue('k'.repeat(100_000))).toBe(`"${'k'.repeat(38)}…`);
    expect(formatValue(Array(1e6).fill(7), 20)).toBe('[7, 7, 7, 7, 7, 7, …');
    let deep: unknown = [];
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(formatValue(deep)).toBe('[[[[[[[[[…]]]]]]]]]');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(formatValue(cycle)).toBe('a value JSON cannot print');
  });
});
