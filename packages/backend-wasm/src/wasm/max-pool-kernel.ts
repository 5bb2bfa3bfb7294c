// biome-ignore-all format: each line is one chain of instructions, kept whole
import { FunctionBody, ValType } from './module-builder';
import type { WasmFloat } from './row-conv-kernel';

/**
 * Max-pool forward over pairs of planes in WebAssembly SIMD (f64x2: lane 0 one plane, lane 1 the
 * next, which share every window): y = the window's max, argmax = the winner's flat index h·W + w
 * in its plane, scanning rows then columns with the scalar kernel's rule — a value replaces the
 * running max when greater, or when it is NaN — from −∞ at the window's first in-bounds element.
 * Window bounds come from tables of [start, end) pairs per output row (`rowRange`) and column
 * (`colRange`); `x` holds the planes (float32 or float64), `y` gets float64, `argmax` int32, each
 * output plane `outPlane` elements long. pairs, outHeight and outWidth must be at least 1.
 *
 * Parameters, in order: x, planeBytes, pairs, width, outHeight, outWidth, rowRange, colRange, y, argmax, outPlane.
 */
export function maxPoolKernel(input: WasmFloat): FunctionBody {
  const inBytes = input === 'f32' ? 4 : 8;
  const f = new FunctionBody(new Array<ValType>(11).fill(ValType.I32));
  const [x, planeBytes, pairs, width, outHeight, outWidth, rowRange, colRange, y, argmax, outPlane] = f.params.map((_, i) => i);
  const [pair, xp, oy, oa, oh, ow, h0, h1, w0, w1, h, w, at, addr] = Array.from({ length: 14 }, () => f.local(ValType.I32));
  const [best, index, v, mask] = Array.from({ length: 4 }, () => f.local(ValType.V128));
  const load = (offset: () => void) => {
    offset();
    if (input === 'f32') f.f32Load().f64PromoteF32();
    else f.f64Load();
  };

  f.i32(0).set(pair).get(x).set(xp).get(y).set(oy).get(argmax).set(oa);
  f.loop(() => {
    f.i32(0).set(oh);
    f.loop(() => {
      f.get(rowRange).get(oh).i32(8).i32Mul().i32Add().set(at);
      f.get(at).i32Load(0).set(h0).get(at).i32Load(4).set(h1);
      f.i32(0).set(ow);
      f.loop(() => {
        f.get(colRange).get(ow).i32(8).i32Mul().i32Add().set(at);
        f.get(at).i32Load(0).set(w0).get(at).i32Load(4).set(w1);
        f.f64x2Const(Number.NEGATIVE_INFINITY).set(best);
        f.get(h0).get(width).i32Mul().get(w0).i32Add().i64ExtendI32U().i64x2Splat().set(index);
        f.get(h0).get(h1).i32LtS().get(w0).get(w1).i32LtS().i32And().when(() => {
          f.get(h0).set(h);
          f.loop(() => {
            f.get(w0).set(w);
            f.loop(() => {
              f.get(h).get(width).i32Mul().get(w).i32Add().set(at);
              f.get(xp).get(at).i32(inBytes).i32Mul().i32Add().set(addr);
              load(() => f.get(addr));
              f.f64x2Splat();
              load(() => f.get(addr).get(planeBytes).i32Add());
              f.f64x2ReplaceLane(1).set(v);
              f.get(v).get(best).f64x2Gt().get(v).get(v).f64x2Ne().v128Or().set(mask);
              f.get(v).get(best).get(mask).v128Bitselect().set(best);
              f.get(at).i64ExtendI32U().i64x2Splat().get(index).get(mask).v128Bitselect().set(index);
              f.get(w).i32(1).i32Add().set(w);
              f.get(w).get(w1).i32LtS().brIf(0);
            });
            f.get(h).i32(1).i32Add().set(h);
            f.get(h).get(h1).i32LtS().brIf(0);
          });
        });
        f.get(oy).get(best).f64x2ExtractLane(0).f64Store();
        f.get(oy).get(outPlane).i32(8).i32Mul().i32Add().get(best).f64x2ExtractLane(1).f64Store();
        f.get(oa).get(index).i64x2ExtractLane(0).i32WrapI64().i32Store();
        f.get(oa).get(outPlane).i32(4).i32Mul().i32Add().get(index).i64x2ExtractLane(1).i32WrapI64().i32Store();
        f.get(oy).i32(8).i32Add().set(oy);
        f.get(oa).i32(4).i32Add().set(oa);
        f.get(ow).i32(1).i32Add().set(ow);
        f.get(ow).get(outWidth).i32LtS().brIf(0);
      });
      f.get(oh).i32(1).i32Add().set(oh);
      f.get(oh).get(outHeight).i32LtS().brIf(0);
    });
    // Past the pair's second output plane (oy and oa walked the first), and to the next pair's planes.
    f.get(oy).get(outPlane).i32(8).i32Mul().i32Add().set(oy);
    f.get(oa).get(outPlane).i32(4).i32Mul().i32Add().set(oa);
    f.get(xp).get(planeBytes).i32(2).i32Mul().i32Add().set(xp);
    f.get(pair).i32(1).i32Add().set(pair);
    f.get(pair).get(pairs).i32LtS().brIf(0);
  });
  return f;
}
