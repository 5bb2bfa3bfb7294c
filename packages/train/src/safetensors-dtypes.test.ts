import { readFileSync } from 'node:fs';
import { Tensor } from '@scratchnet/tensor';
import { describe, expect, it } from 'vitest';
import { BF16, F16, fromHalfBits, type HalfFormat, toHalfBits } from './half-precision';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import type { SafetensorsDType } from './safetensors-dtypes';

const fixtures = new URL('../fixtures/', import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(name, fixtures)));
type Exact = number | 'nan' | 'inf' | '-inf';
const number = (v: Exact) =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
const expected = JSON.parse(readFileSync(new URL('torch-dtypes.json', fixtures), 'utf8')) as {
  tensors: Record<string, { shape: number[]; values: Exact[] }>;
  rounding: { inputs: Exact[]; f16_bits: number[]; bf16_bits: number[] };
};

const STORED_AS: Record<string, SafetensorsDType> = {
  f64: 'F64',
  f32: 'F32',
  f16: 'F16',
  bf16: 'BF16',
  i64: 'I64',
  i32: 'I32',
  i16: 'I16',
  i8: 'I8',
  u8: 'U8',
  bool: 'BOOL',
  scalar_i64: 'I64',
};

describe('safetensors element types', () => {
  it('reads every type PyTorch writes, each value exactly', () => {
    const file = decodeSafetensors(bytesOf('torch-dtypes.safetensors'));
    expect(file.dtypes).toEqual(STORED_AS);
    for (const [name, { shape, values }] of Object.entries(expected.tensors)) {
      expect(file.tensors[name].shape).toEqual(shape);
      expect(Array.from(file.tensors[name].data)).toEqual(values.map(number));
    }
    // A tensor dtype that holds every value of the type: F32 for the narrow types, F64 for I32 and I64.
    expect(file.tensors.i32.dtype).toBe('float64');
    expect(file.tensors.i64.dtype).toBe('float64');
    expect(file.tensors.u8.dtype).toBe('float32');
    expect(file.tensors.bf16.dtype).toBe('float32');
  });

  it('rounds float32 values to F16 and BF16 bit for bit as PyTorch does (NaN to a NaN pattern)', () => {
    const inputs = Float32Array.from(expected.rounding.inputs.map(number));
    // PyTorch's NaN patterns differ by path (0x7e00 for F16, 0xffff for BF16 here); any NaN is NaN.
    const bits = (format: HalfFormat, theirs: number[]) =>
      Array.from(inputs, (v, i) =>
        Number.isNaN(v) && Number.isNaN(fromHalfBits(theirs[i], format)) ? theirs[i] : toHalfBits(v, format),
      );
    expect(inputs.some(Number.isNaN)).toBe(true);
    expect(bits(F16, expected.rounding.f16_bits)).toEqual(expected.rounding.f16_bits);
    expect(bits(BF16, expected.rounding.bf16_bits)).toEqual(expected.rounding.bf16_bits);
    expect(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN, BF16), BF16))).toBe(true);
  });

  it("writes each tensor in the type asked for, and reads back PyTorch's values", () => {
    const file = decodeSafetensors(bytesOf('torch-dtypes.safetensors'));
    const again = decodeSafetensors(encodeSafetensors(file.tensors, {}, { dtypes: file.dtypes }));
    expect(again.dtypes).toEqual(file.dtypes);
    for (const name of Object.keys(file.tensors)) {
      expect(again.tensors[name].dtype).toBe(file.tensors[name].dtype);
      expect(Array.from(again.tensors[name].data)).toEqual(Array.from(file.tensors[name].data));
    }
    // F16 from float32 values: the same rounding as PyTorch's, read back as the rounded values.
    const f16 = decodeSafetensors(
      encodeSafetensors(
        { x: Tensor.from(expected.rounding.inputs.map(number)) },
        {},
        { dtypes: { x: 'F16' } },
      ),
    );
    expect(Array.from(f16.tensors.x.data)).toEqual(expected.tensors.f16.values.map(number));
  });

  it('refuses a value the integer type cannot hold, naming the tensor, the value and the range', () => {
    const encode = (values: number[], dtype: SafetensorsDType) =>
      encodeSafetensors({ t: Tensor.from(values, { dtype: 'float64' }) }, {}, { dtypes: { t: dtype } });
    expect(() => encode([1, 1.5], 'I64')).toThrow(
      "encodeSafetensors: tensor 't' as I64 holds 1.5 at index 1; it stores integers within ±(2^53 - 1)",
    );
    expect(() => encode([2 ** 53], 'I64')).toThrow(/holds 9007199254740992 at index 0/);
    expect(() => encode([256], 'U8')).toThrow(
      "tensor 't' as U8 holds 256 at index 0; it stores integers in [0, 255]",
    );
    expect(() => encode([-129], 'I8')).toThrow(/integers in \[-128, 127\]/);
    expect(() => encode([2], 'BOOL')).toThrow(/integers in \[0, 1\]/);
    expect(() => encode([Number.NaN], 'I32')).toThrow(/holds NaN at index 0/);
    expect(() => encodeSafetensors({ t: Tensor.ones([1]) }, {}, { dtypes: { u: 'F16' } })).toThrow(
      "encodeSafetensors: options.dtypes names 'u', which is not among the tensors",
    );
    expect(() =>
      encodeSafetensors({ t: Tensor.ones([1]) }, {}, { dtypes: { t: 'F8' as SafetensorsDType } }),
    ).toThrow(
      `options.dtypes gives 't' the unknown type "F8" (one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)`,
    );
  });

  it('refuses stored integers it cannot hold exactly, and BOOL bytes other than 0 and 1', () => {
    const raw = (dtype: string, shape: number[], data: number[]) => {
      const json = new TextEncoder().encode(
        JSON.stringify({ t: { dtype, shape, data_offsets: [0, data.length] } }),
      );
      const out = new Uint8Array(8 + json.length + data.length);
      new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
      out.set(json, 8);
      out.set(data, 8 + json.length);
      return out;
    };
    const big = new Uint8Array(8);
    new DataView(big.buffer).setBigInt64(0, 2n ** 60n, true);
    expect(() => decodeSafetensors(raw('I64', [1], Array.from(big)))).toThrow(
      "decodeSafetensors: tensor 't' holds I64 1152921504606846976 at index 0; scratchnet reads integers within ±(2^53 - 1)",
    );
    expect(() => decodeSafetensors(raw('BOOL', [8], [0, 1, 2, 0, 0, 0, 0, 0]))).toThrow(
      "tensor 't' holds BOOL 2 at index 2; scratchnet reads integers in [0, 1]",
    );
  });
});
