import { describe, expect, it } from 'vitest';
import { createRng } from '../../rng';
import { float32Bits, reluBits, reluGradientBits } from './relu';

/** Every class of float32: zeros of both signs, subnormals, extremes, infinities, NaNs of both signs. */
function specials(): Float32Array {
  const values = new Float32Array([
    0,
    -0,
    1,
    -1,
    1e-45,
    -1e-45,
    3.4e38,
    -3.4e38,
    Infinity,
    -Infinity,
    0,
    0,
    0,
  ]);
  const bits = float32Bits(values);
  bits[10] = 0x7fc00000; // +NaN
  bits[11] = 0xffc00000 | 0; // −NaN, x86's default NaN
  bits[12] = 0xff800001 | 0; // a −NaN with the smallest payload
  return values;
}

describe('ReLU on float32 bits', () => {
  const rng = createRng(9);
  const random = Float32Array.from({ length: 4096 }, () => rng.normal() * 10);
  const inputs = Float32Array.from([...specials(), ...random]);
  const nanAt = (i: number) => i >= 10 && i <= 12;

  it('equals Math.max(x, 0) bit for bit, NaNs of both signs kept', () => {
    const y = new Float32Array(inputs.length);
    reluBits(float32Bits(inputs), float32Bits(y));
    inputs.forEach((x, i) => {
      if (nanAt(i)) expect(y[i], `index ${i}`).toBeNaN();
      else expect(Object.is(y[i], Math.fround(Math.max(x, 0))), `x = ${x}: got ${y[i]}`).toBe(true);
    });
  });

  it('passes dy exactly where x > 0 and gives +0 elsewhere (NaN x included)', () => {
    const dy = Float32Array.from(inputs, () => rng.normal());
    dy[3] = Number.NaN; // a NaN gradient behind x = −1 is dropped, as the branch form drops it
    const dx = new Float32Array(inputs.length).fill(7);
    reluGradientBits(float32Bits(inputs), float32Bits(dy), float32Bits(dx));
    inputs.forEach((x, i) => {
      expect(Object.is(dx[i], x > 0 ? dy[i] : 0), `x = ${x}, dy = ${dy[i]}: got ${dx[i]}`).toBe(true);
    });
  });

  it('works on views that start inside a buffer', () => {
    const buffer = new Float32Array([5, -2, 3, -4]);
    const x = buffer.subarray(1, 3);
    const y = new Float32Array(2);
    reluBits(float32Bits(x), float32Bits(y));
    expect([...y]).toEqual([0, 3]);
  });
});
