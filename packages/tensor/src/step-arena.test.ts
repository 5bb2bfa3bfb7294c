import { describe, expect, it } from 'vitest';
import { add } from './ops/elementwise';
import { StepArena, stepArray, stepInt32Array } from './step-arena';
import { Tensor } from './tensor';

describe('StepArena', () => {
  it('outside a run hands out fresh zeroed arrays every time', () => {
    const a = stepArray('t', 'float32', [4]);
    const b = stepArray('t', 'float32', [4]);
    expect(a).not.toBe(b);
    expect([...a, ...b]).toEqual(new Array(8).fill(0));
    expect(stepInt32Array(3)).toEqual(new Int32Array(3));
  });

  it('gives the next run the arrays of the last one, never one array twice within a run', () => {
    const arena = new StepArena();
    const first = arena.run(() => [stepArray('t', 'float32', [2, 3]), stepArray('t', 'float32', [6])]);
    expect(first[0]).not.toBe(first[1]);
    const second = arena.run(() => [stepArray('t', 'float32', [6]), stepArray('t', 'float32', [3, 2])]);
    expect(new Set(second)).toEqual(new Set(first));
    expect(arena.bytes).toBe(2 * 6 * 4);
  });

  it('keeps dtypes, lengths and int32 arrays apart', () => {
    const arena = new StepArena();
    const [f32, f64, i32] = arena.run(() => [
      stepArray('t', 'float32', [4]),
      stepArray('t', 'float64', [4]),
      stepInt32Array(4),
    ]);
    const again = arena.run(() => [stepArray('t', 'float64', [4]), stepArray('t', 'float32', [5])]);
    expect(again[0]).toBe(f64);
    expect(again[1]).toBeInstanceOf(Float32Array);
    expect(again[1]).not.toBe(f32);
    expect(arena.run(() => stepInt32Array(4))).toBe(i32);
  });

  it('takes its arrays back when the step throws, and refuses an asynchronous step', () => {
    const arena = new StepArena();
    let lent: Float32Array | Float64Array | undefined;
    expect(() =>
      arena.run(() => {
        lent = stepArray('t', 'float32', [3]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(arena.run(() => stepArray('t', 'float32', [3]))).toBe(lent);
    expect(() => arena.run(() => Promise.resolve(1))).toThrow(
      /must be synchronous \(it returned a Promise\)/,
    );
    // No run stays active after either: arrays are fresh again.
    expect(stepArray('t', 'float32', [3])).not.toBe(lent);
  });

  it('lends an inner run its own arrays and gives them back at the inner end', () => {
    const outer = new StepArena();
    const inner = new StepArena();
    outer.run(() => {
      const a = stepArray('t', 'float32', [2]);
      const b = inner.run(() => stepArray('t', 'float32', [2]));
      expect(stepArray('t', 'float32', [2])).not.toBe(a);
      expect(inner.run(() => stepArray('t', 'float32', [2]))).toBe(b);
    });
    expect(outer.bytes).toBe(2 * 2 * 4);
    expect(inner.bytes).toBe(2 * 4);
  });

  it('names the op and the shape it refuses, before taking memory', () => {
    const arena = new StepArena();
    expect(() => arena.run(() => stepArray('conv2d', 'float32', [2 ** 31, 2 ** 31]))).toThrow(/^conv2d: /);
    expect(arena.bytes).toBe(0);
  });

  it('poisons what comes back with NaN, and an op overwrites it all', () => {
    const arena = new StepArena({ poison: true });
    const x = new Tensor(new Float32Array([1, 2, 3]), [3]);
    const kept = arena.run(() => add(x, x).data);
    expect([...kept].every(Number.isNaN)).toBe(true);
    expect(arena.run(() => [...add(x, x).data])).toEqual([2, 4, 6]);
    arena.clear();
    expect(arena.bytes).toBe(0);
  });
});
