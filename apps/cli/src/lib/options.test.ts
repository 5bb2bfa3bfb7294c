import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { nonNegativeInt, nonNegativeNumber, parseNumber, positiveInt, positiveNumber } from './options';
import { plotPath } from './plot-file';

describe('option parsers', () => {
  it('accept what they promise', () => {
    expect(positiveInt('12')).toBe(12);
    expect(nonNegativeInt('0')).toBe(0);
    expect(positiveNumber('1e-3')).toBe(0.001);
    expect(nonNegativeNumber(' 0.9 ')).toBe(0.9);
    expect(parseNumber('-2', { integer: true })).toBe(-2);
  });

  it.each([
    [positiveInt, 'abc', 'expected a positive integer.'],
    [positiveInt, '0', 'expected a positive integer.'],
    [positiveInt, '2.5', 'expected a positive integer.'],
    [positiveInt, '', 'expected a positive integer.'],
    [nonNegativeInt, '-1', 'expected an integer >= 0.'],
    [positiveNumber, '-1', 'expected a positive number.'],
    [positiveNumber, 'Infinity', 'expected a positive number.'],
    [nonNegativeNumber, 'NaN', 'expected a number >= 0.'],
  ])('%o rejects %o', (parse, text, message) => {
    expect(() => parse(text)).toThrow(InvalidArgumentError);
    expect(() => parse(text)).toThrow(message);
  });

  it('--plot takes .svg or .png only', () => {
    expect(plotPath('out/curves.SVG')).toBe('out/curves.SVG');
    expect(plotPath('curves.png')).toBe('curves.png');
    expect(() => plotPath('curves.jpg')).toThrow('expected a file name ending in .svg or .png.');
  });
});
