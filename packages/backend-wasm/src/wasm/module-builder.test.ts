import { describe, expect, it } from 'vitest';
import { encodeModule, FunctionBody, sleb, uleb, ValType } from './module-builder';

describe('WebAssembly module builder', () => {
  it('encodes LEB128 numbers as the specification does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('assembles a module the engine accepts and runs: SIMD loads, splats, multiply-adds, loops', () => {
    // out[i] += k · a[i] for i < n (n even), two lanes at a time.
    const f = new FunctionBody([ValType.I32, ValType.I32, ValType.I32, ValType.I32]);
    const [a, out, n, kAt] = [0, 1, 2, 3];
    const end = f.local(ValType.I32);
    const k = f.local(ValType.V128);
    f.get(kAt).load64Splat().set(k);
    f.get(a).get(n).i32(8).i32Mul().i32Add().set(end);
    f.loop(() => {
      f.get(out).get(out).v128Load().get(k).get(a).v128Load().f64x2Mul().f64x2Add().v128Store();
      f.get(a).i32(16).i32Add().set(a);
      f.get(out).i32(16).i32Add().set(out);
      f.get(a).get(end).i32LtU().brIf(0);
    });
    const bytes = encodeModule([{ name: 'axpy', body: f }]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    const memory = e.memory as WebAssembly.Memory;
    const heap = new Float64Array(memory.buffer);
    heap.set([1, 2, 3, 4], 0);
    heap.set([10, 20, 30, 40], 4);
    heap[8] = 0.5;
    (e.axpy as (...args: number[]) => void)(0, 32, 4, 64);
    expect(Array.from(heap.subarray(4, 8))).toEqual([10.5, 21, 31.5, 42]);
  });
});
