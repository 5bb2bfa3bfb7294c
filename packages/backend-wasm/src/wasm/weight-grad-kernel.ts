// biome-ignore-all format: each line is one chain of instructions, kept whole
import { FunctionBody, ValType } from './module-builder';

/**
 * The weight gradient of a convolution that is stride 1 and undilated along the width, in
 * WebAssembly SIMD (f64x2): for blocks of 4 output channels × 2 taps,
 *   out[m, t] += Σ_row Σ_col dy[m, row, col] · x[row·rowStep + tapAt[t] + col]
 * with dy packed as [block][row][column pair][4 channels][2 lanes] (zero past the row's end and
 * for channels past the last) and x the zero-padded float64 input. Lane 0 sums the even columns,
 * lane 1 the odd ones, and the two are added into `out` (float64, row stride `outRow` bytes) once
 * per call: the order depends on the element alone, never on which block holds it. An odd row
 * length masks the last pair's second lane of x, so whatever lies past the row (even ±∞ or NaN)
 * contributes exactly 0. Every count must be at least 1, except `pairs` (full column pairs).
 *
 * Parameters, in order: dy, x, tapAt, blocks, tapPairs, rows, pairs, odd, rowStep, out, outRow.
 */
export function weightGradKernel(): FunctionBody {
  const f = new FunctionBody(new Array<ValType>(11).fill(ValType.I32));
  const [dy, x, tapAt, blocks, tapPairs, rows, pairs, odd, rowStep, out, outRow] = f.params.map((_, i) => i);
  const [block, dyBlock, dyBytes, tp, tpEnd, x0, x1, row, rowEnd, d, xa, xb, pairEnd, at] = Array.from({ length: 14 }, () => f.local(ValType.I32));
  const xv = [f.local(ValType.V128), f.local(ValType.V128)];
  const dv = f.local(ValType.V128);
  const acc = Array.from({ length: 4 }, () => [f.local(ValType.V128), f.local(ValType.V128)]);

  const step = (masked: boolean) => {
    for (const [i, p] of [xa, xb].entries()) {
      f.get(p).v128Load();
      if (masked) f.v128Mask(8).v128And();
      f.set(xv[i]);
    }
    for (const [m, row] of acc.entries()) {
      f.get(d).v128Load(m * 16).set(dv);
      for (const [i, a] of row.entries()) f.get(a).get(dv).get(xv[i]).f64x2Mul().f64x2Add().set(a);
    }
    f.get(d).i32(64).i32Add().set(d);
  };

  // Bytes of one block of packed dy: rows × (pairs + odd) × 64.
  f.get(rows).get(pairs).get(odd).i32Add().i32Mul().i32(64).i32Mul().set(dyBytes);
  f.i32(0).set(block).get(dy).set(dyBlock);
  f.loop(() => {
    f.get(tapAt).set(tp).get(tapAt).get(tapPairs).i32(8).i32Mul().i32Add().set(tpEnd);
    f.loop(() => {
      for (const row of acc) for (const a of row) f.v128Zero().set(a);
      f.get(x).get(tp).i32Load(0).i32Add().set(x0);
      f.get(x).get(tp).i32Load(4).i32Add().set(x1);
      f.get(dyBlock).set(d);
      f.i32(0).set(row).get(rows).get(rowStep).i32Mul().set(rowEnd);
      f.loop(() => {
        f.get(x0).get(row).i32Add().set(xa).get(x1).get(row).i32Add().set(xb);
        f.get(pairs).when(() => {
          f.get(xa).get(pairs).i32(16).i32Mul().i32Add().set(pairEnd);
          f.loop(() => {
            step(false);
            f.get(xa).i32(16).i32Add().set(xa).get(xb).i32(16).i32Add().set(xb);
            f.get(xa).get(pairEnd).i32LtU().brIf(0);
          });
        });
        f.get(odd).when(() => step(true));
        f.get(row).get(rowStep).i32Add().set(row);
        f.get(row).get(rowEnd).i32LtU().brIf(0);
      });
      // out[block·4 + m, 2·pair + i] += lane 0 + lane 1.
      for (const [m, row] of acc.entries()) {
        f.get(out).get(block).i32(4).i32Mul().i32(m).i32Add().get(outRow).i32Mul().i32Add().get(tp).get(tapAt).i32Sub().i32(2).i32Mul().i32Add().set(at);
        for (const [i, a] of row.entries()) {
          f.get(at).get(at).f64Load(i * 8).get(a).f64x2ExtractLane(0).get(a).f64x2ExtractLane(1).f64Add().f64Add().f64Store(i * 8);
        }
      }
      f.get(tp).i32(8).i32Add().set(tp);
      f.get(tp).get(tpEnd).i32LtU().brIf(0);
    });
    f.get(dyBlock).get(dyBytes).i32Add().set(dyBlock);
    f.get(block).i32(1).i32Add().set(block);
    f.get(block).get(blocks).i32LtU().brIf(0);
  });
  return f;
}
