interface Range {
  min?: number;
  max?: number;
  /** true when `max` itself is not allowed. */
  below?: boolean;
  /** true when `min` itself is not allowed. */
  above?: boolean;
  /** true when +Infinity is a meaningful setting (say, a norm limit that never clips). */
  infinite?: boolean;
}

/** Returns `value` if it is a number in [min, max] (or [min, max)); otherwise throws naming the option. */
export function checkNumber(
  op: string,
  option: string,
  value: unknown,
  { min = 0, max = Infinity, below = false, above = false, infinite = false }: Range = {},
) {
  const ok =
    typeof value === 'number' &&
    (Number.isFinite(value) || (infinite && value === Number.POSITIVE_INFINITY)) &&
    (above ? value > min : value >= min) &&
    (below ? value < max : value <= max);
  if (!ok) {
    const range =
      max === Infinity
        ? `${above ? '>' : '>='} ${min}`
        : `in ${above ? '(' : '['}${min}, ${max}${below ? ')' : ']'}`;
    throw new Error(`${op}: option ${option} must be a number ${range}, got ${String(value)}`);
  }
  return value as number;
}

export function checkBoolean(op: string, option: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`${op}: option ${option} must be true or false, got ${String(value)}`);
  return value;
}

export function checkPositiveInteger(op: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new Error(`${op}: option ${option} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
