import { InvalidArgumentError } from 'commander';

interface NumberRule {
  /** Smallest allowed value. */
  min?: number;
  /** When true, `min` itself is not allowed. */
  exclusive?: boolean;
  integer?: boolean;
}

function describeRule({ min, exclusive, integer }: NumberRule): string {
  const kind = integer ? 'an integer' : 'a number';
  if (min === undefined) return `expected ${kind}`;
  if (min === 0 && exclusive) return `expected a positive ${integer ? 'integer' : 'number'}`;
  return `expected ${kind} ${exclusive ? '>' : '>='} ${min}`;
}

/** Parses a number typed on the command line, or throws a message saying what was expected. */
export function parseNumber(text: string, rule: NumberRule = {}): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  const { min, exclusive = false, integer = false } = rule;
  const ok =
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (exclusive ? value > min : value >= min));
  if (!ok) throw new InvalidArgumentError(`${describeRule(rule)}.`);
  return value;
}

/** commander argument parsers. */
export const positiveInt = (text: string) => parseNumber(text, { min: 0, exclusive: true, integer: true });
export const nonNegativeInt = (text: string) => parseNumber(text, { min: 0, integer: true });
export const positiveNumber = (text: string) => parseNumber(text, { min: 0, exclusive: true });
export const nonNegativeNumber = (text: string) => parseNumber(text, { min: 0 });
