import { FunctionBody, ValType } from './module-builder';
import type { WasmFloat } from './row-conv-kernel';

/**
 * Copies a window of `planes` planes of `rows` × `columns` elements (float32 or float64) into a
 * float64 buffer: dst[p·dstPlane + r·dstRow + c] = src[p·srcPlane + r·srcRow + c], strides in
 * bytes. Padding a convolution's input: the buffer's border is zeroed once and never written.
 * Every count must be at least 1.
 *
 * Parameters, in order: src, srcRow, srcPlane, planes, rows, columns, dst, dstRow, dstPlane.
 */
export function widenKernel(input: WasmFloat): FunctionBody {
  const inBytes = input === 'f32' ? 4 : 8;
  const f = new FunctionBody(new Array<ValType>(9).fill(ValType.I32));
  const [src, srcRow, srcPlane, planes, rows, columns, dst, dstRow, dstPlane] = f.params.map((_, i) => i);
  const [p, r, from, to, end] = Array.from({ length: 5 }, () => f.local(ValType.I32));
  f.i32(0).set(p);
  f.loop(() => {
    f.i32(0).set(r);
    f.loop(() => {
      f.get(src).get(p).get(srcPlane).i32Mul().i32Add().get(r).get(srcRow).i32Mul().i32Add().set(from);
      f.get(dst).get(p).get(dstPlane).i32Mul().i32Add().get(r).get(dstRow).i32Mul().i32Add().set(to);
      f.get(from).get(columns).i32(inBytes).i32Mul().i32Add().set(end);
      f.loop(() => {
        if (input === 'f32') f.get(to).get(from).f32Load().f64PromoteF32().f64Store();
        else f.get(to).get(from).f64Load().f64Store();
        f.get(from).i32(inBytes).i32Add().set(from);
        f.get(to).i32(8).i32Add().set(to);
        f.get(from).get(end).i32LtU().brIf(0);
      });
      f.get(r).i32(1).i32Add().set(r);
      f.get(r).get(rows).i32LtU().brIf(0);
    });
    f.get(p).i32(1).i32Add().set(p);
    f.get(p).get(planes).i32LtU().brIf(0);
  });
  return f;
}
