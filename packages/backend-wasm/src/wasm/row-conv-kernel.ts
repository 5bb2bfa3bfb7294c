// biome-ignore-all format: each line is one chain of instructions, kept whole
import { FunctionBody, ValType } from './module-builder';

/** Output channels one kernel computes at once, and the element type of the output it adds to. */
export type RowConvChannels = 1 | 2 | 4;
export type WasmFloat = 'f32' | 'f64';

/** Output columns per chunk: eight f64x2 accumulators hold 16 outputs. */
export const rowConvChunkColumns = (channels: RowConvChannels): number => 16 / channels;

/**
 * The row-convolution kernel in WebAssembly SIMD (f64x2): for `rows` output rows of `channels`
 * (1, 2 or 4) output channels, each row cut into `full` chunks of contiguous columns and a last
 * one of `tail` columns (0: none),
 *   out[m, row, col] += Σₜ w[t, m] · src[row·rowStep + tapAt[t] + col]
 * over the taps t in order, in one float64 accumulator per output, added to `out` (float32 or
 * float64) once at the end: lane for lane the arithmetic of the scalar sliding kernel, so the two
 * agree bit for bit. Weights come packed [tap][channel] as float64, `src` is float64, `tapAt`
 * holds each tap's byte offset, `scratch` 16 float64 for the ragged chunk. Byte addresses and
 * strides throughout; rows and taps must be at least 1.
 *
 * Parameters, in order: w, taps, tapAt, src, rows, rowStep, full, tail, out, outRow, outChannel, scratch.
 */
export function rowConvKernel(channels: RowConvChannels, output: WasmFloat): FunctionBody {
  const columns = rowConvChunkColumns(channels);
  const vectors = columns / 2;
  const outBytes = output === 'f32' ? 4 : 8;
  const f = new FunctionBody(new Array<ValType>(12).fill(ValType.I32));
  const [w, taps, tapAt, src, rows, rowStep, full, tail, out, outRow, outChannel, scratch] = f.params.map(
    (_, i) => i,
  );
  const [rowSrc, rowOut, outEnd, chunkSrc, chunkOut, chunkEnd, tap, tapEnd, wAt, at, o, oEnd, s] = Array.from(
    { length: 13 },
    () => f.local(ValType.I32),
  );
  const weight = f.local(ValType.V128);
  const b = Array.from({ length: channels === 1 ? 0 : vectors }, () => f.local(ValType.V128));
  const acc = Array.from({ length: channels }, () =>
    Array.from({ length: vectors }, () => f.local(ValType.V128)),
  );

  const accumulate = () => {
    for (const row of acc) for (const a of row) f.v128Zero().set(a);
    f.get(tapAt).set(tap).get(w).set(wAt);
    f.loop(() => {
      f.get(chunkSrc).get(tap).i32Load().i32Add().set(at);
      if (channels === 1) {
        // 8 accumulators + 8 loaded vectors would not fit x64's 16 registers: load as used.
        f.get(wAt).load64Splat().set(weight);
        for (const [v, a] of acc[0].entries()) {
          f.get(a).get(weight).get(at).v128Load(v * 16).f64x2Mul().f64x2Add().set(a);
        }
      } else {
        for (const [v, bv] of b.entries()) f.get(at).v128Load(v * 16).set(bv);
        for (const [m, row] of acc.entries()) {
          f.get(wAt).load64Splat(m * 8).set(weight);
          for (const [v, a] of row.entries()) f.get(a).get(weight).get(b[v]).f64x2Mul().f64x2Add().set(a);
        }
      }
      f.get(wAt).i32(channels * 8).i32Add().set(wAt);
      f.get(tap).i32(4).i32Add().set(tap);
      f.get(tap).get(tapEnd).i32LtU().brIf(0);
    });
  };
  const channelOut = (m: number) => f.get(chunkOut).get(outChannel).i32(m).i32Mul().i32Add().set(at);
  const addFull = () => {
    for (const [m, row] of acc.entries()) {
      channelOut(m);
      for (const [v, a] of row.entries()) {
        if (output === 'f64') f.get(at).get(at).v128Load(v * 16).get(a).f64x2Add().v128Store(v * 16);
        else f.get(at).get(at).load64Zero(v * 8).f64x2PromoteLow().get(a).f64x2Add().f32x4DemoteZero().store64Lane0(v * 8);
      }
    }
  };
  const addTail = () => {
    for (const [m, row] of acc.entries()) {
      for (const [v, a] of row.entries()) f.get(scratch).get(a).v128Store((m * columns + 2 * v) * 8);
    }
    for (let m = 0; m < channels; m++) {
      channelOut(m);
      f.get(at).set(o).get(at).get(tail).i32(outBytes).i32Mul().i32Add().set(oEnd);
      f.get(scratch).i32(m * columns * 8).i32Add().set(s);
      f.loop(() => {
        if (output === 'f64') f.get(o).get(o).f64Load().get(s).f64Load().f64Add().f64Store();
        else f.get(o).get(o).f32Load().f64PromoteF32().get(s).f64Load().f64Add().f32DemoteF64().f32Store();
        f.get(o).i32(outBytes).i32Add().set(o);
        f.get(s).i32(8).i32Add().set(s);
        f.get(o).get(oEnd).i32LtU().brIf(0);
      });
    }
  };

  f.get(src).set(rowSrc).get(out).set(rowOut);
  f.get(out).get(rows).get(outRow).i32Mul().i32Add().set(outEnd);
  f.get(tapAt).get(taps).i32(4).i32Mul().i32Add().set(tapEnd);
  f.loop(() => {
    f.get(rowSrc).set(chunkSrc).get(rowOut).set(chunkOut);
    f.get(full).when(() => {
      f.get(rowOut).get(full).i32(columns * outBytes).i32Mul().i32Add().set(chunkEnd);
      f.loop(() => {
        accumulate();
        addFull();
        f.get(chunkSrc).i32(columns * 8).i32Add().set(chunkSrc);
        f.get(chunkOut).i32(columns * outBytes).i32Add().set(chunkOut);
        f.get(chunkOut).get(chunkEnd).i32LtU().brIf(0);
      });
    });
    f.get(tail).when(() => {
      accumulate();
      addTail();
    });
    f.get(rowSrc).get(rowStep).i32Add().set(rowSrc);
    f.get(rowOut).get(outRow).i32Add().set(rowOut);
    f.get(rowOut).get(outEnd).i32LtU().brIf(0);
  });
  return f;
}
