/**
 * The two 16-bit float formats of safetensors files as bit patterns: IEEE 754 binary16 (F16: 5
 * exponent bits, 10 fraction bits) and bfloat16 (BF16: float32's 8 exponent bits, 7 fraction bits).
 * Widening to a number is exact. Narrowing rounds once, from the value as given, to nearest with
 * ties to even; beyond the largest finite value it gives ±Infinity, and NaN stays NaN (as PyTorch's
 * `.half()` and `.bfloat16()`).
 */
export interface HalfFormat {
  readonly fractionBits: number;
  readonly exponentBias: number;
}

export const F16: HalfFormat = { fractionBits: 10, exponentBias: 15 };
export const BF16: HalfFormat = { fractionBits: 7, exponentBias: 127 };

const SIGN = 0x8000;

/** `x / step` rounded to an integer, ties to even (`step` is a power of two, so the division is exact). */
function roundedMultiples(x: number, step: number): number {
  const q = x / step;
  const floor = Math.floor(q);
  const rest = q - floor;
  return rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

export function fromHalfBits(bits: number, { fractionBits, exponentBias }: HalfFormat): number {
  const sign = bits & SIGN ? -1 : 1;
  const exponent = (bits & 0x7fff) >> fractionBits;
  const fraction = bits & ((1 << fractionBits) - 1);
  if (exponent === 2 * exponentBias + 1) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  if (exponent === 0) return sign * fraction * 2 ** (1 - exponentBias - fractionBits);
  return sign * (2 ** fractionBits + fraction) * 2 ** (exponent - exponentBias - fractionBits);
}

export function toHalfBits(value: number, { fractionBits, exponentBias }: HalfFormat): number {
  const infinity = (2 * exponentBias + 1) << fractionBits;
  if (Number.isNaN(value)) return infinity | (1 << (fractionBits - 1));
  const sign = value < 0 || Object.is(value, -0) ? SIGN : 0;
  const x = Math.abs(value);
  // Halfway between the largest finite value and the next power of two rounds (to even) to infinity.
  if (x >= (2 - 2 ** (-fractionBits - 1)) * 2 ** exponentBias) return sign | infinity;
  const minNormal = 1 - exponentBias;
  // Subnormals are multiples of the smallest one; rounding up to the smallest normal gives its pattern.
  if (x < 2 ** minNormal) return sign | roundedMultiples(x, 2 ** (minNormal - fractionBits));
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  else if (2 ** (e + 1) <= x) e++;
  // A significand that rounds up to 2 carries into the exponent field, which is the right pattern.
  const significand = roundedMultiples(x / 2 ** e, 2 ** -fractionBits);
  return sign | (((e + exponentBias) << fractionBits) + significand - 2 ** fractionBits);
}
