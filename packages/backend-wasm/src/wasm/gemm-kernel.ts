// biome-ignore-all format: each line is one chain of instructions, kept whole
import { FunctionBody, ValType } from './module-builder';

/**
 * The packed GEMM's block product in WebAssembly SIMD (f64x2): C block = A block · B panel, with A
 * packed as `aSlivers` slivers of 4 rows (kc × 4 interleaved) and B as `bSlivers` slivers of 8
 * columns (kc × 8 interleaved), as gemm.ts packs them; C (float64, row stride `ldc` bytes) is
 * overwritten, tile by tile of 4 × 4 (eight f64x2 accumulators: the 4 × 8 tile of the scalar
 * kernel would need 16 and spill). Each element is one float64 accumulator summed over the depth
 * in order — the scalar micro-kernel's arithmetic, so the two agree bit for bit. kc ≥ 1.
 *
 * Parameters, in order: a, b, kc, aSlivers, bSlivers, c, ldc.
 */
export function gemmBlockKernel(): FunctionBody {
  const f = new FunctionBody(new Array<ValType>(7).fill(ValType.I32));
  const [a, b, kc, aSlivers, bSlivers, c, ldc] = f.params.map((_, i) => i);
  const [bHalf, bEnd, aSliver, aEnd, ap, apEnd, bp, cTile, at] = Array.from({ length: 9 }, () => f.local(ValType.I32));
  const weight = f.local(ValType.V128);
  const bv = [f.local(ValType.V128), f.local(ValType.V128)];
  const acc = Array.from({ length: 4 }, () => [f.local(ValType.V128), f.local(ValType.V128)]);

  // bHalf walks the 4-column halves of every B sliver: sliver t, half h at b + t·kc·64 + h·32.
  f.get(b).set(bHalf);
  f.get(b).get(bSlivers).get(kc).i32Mul().i32(64).i32Mul().i32Add().set(bEnd);
  f.get(a).get(aSlivers).get(kc).i32Mul().i32(32).i32Mul().i32Add().set(aEnd);
  f.get(c).set(cTile);
  f.loop(() => {
    for (let half = 0; half < 2; half++) {
      f.get(a).set(aSliver);
      f.loop(() => {
        for (const row of acc) for (const x of row) f.v128Zero().set(x);
        f.get(aSliver).set(ap).get(bHalf).i32(half * 32).i32Add().set(bp);
        f.get(aSliver).get(kc).i32(32).i32Mul().i32Add().set(apEnd);
        f.loop(() => {
          f.get(bp).v128Load(0).set(bv[0]).get(bp).v128Load(16).set(bv[1]);
          for (const [r, row] of acc.entries()) {
            f.get(ap).load64Splat(r * 8).set(weight);
            for (const [v, x] of row.entries()) f.get(x).get(weight).get(bv[v]).f64x2Mul().f64x2Add().set(x);
          }
          f.get(ap).i32(32).i32Add().set(ap);
          f.get(bp).i32(64).i32Add().set(bp);
          f.get(ap).get(apEnd).i32LtU().brIf(0);
        });
        // The tile's rows r at cTile + r·ldc (+ 32 bytes for the right half), then the next A sliver 4 rows down.
        for (const [r, row] of acc.entries()) {
          f.get(cTile).get(ldc).i32(r).i32Mul().i32Add().set(at);
          for (const [v, x] of row.entries()) f.get(at).get(x).v128Store(half * 32 + v * 16);
        }
        f.get(cTile).get(ldc).i32(4).i32Mul().i32Add().set(cTile);
        f.get(aSliver).get(kc).i32(32).i32Mul().i32Add().set(aSliver);
        f.get(aSliver).get(aEnd).i32LtU().brIf(0);
      });
      // Back to the top of the block for the other half (same 8 columns) or the next sliver's columns.
      f.get(cTile).get(ldc).get(aSlivers).i32(4).i32Mul().i32Mul().i32Sub().set(cTile);
    }
    f.get(cTile).i32(64).i32Add().set(cTile);
    f.get(bHalf).get(kc).i32(64).i32Mul().i32Add().set(bHalf);
    f.get(bHalf).get(bEnd).i32LtU().brIf(0);
  });
  return f;
}
