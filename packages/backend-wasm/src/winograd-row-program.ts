/**
 * A small matrix M (rows×cols) applied to `cols` rows of a tile block at once: dst row i =
 * Σ_l M[i][l]·src row l, each row `count` contiguous values (one per tile). Zeros of M are
 * skipped, and rows of interpolation points ±p share their work: when row b equals
 * σ·(−1)^l·row a entrywise, E = Σ_{l even} M[a][l]·src l and O = Σ_{l odd} M[a][l]·src l give
 * row a = E + O and row b = σ·(E − O) — the even/odd split every Winograd implementation uses,
 * found here from the numbers instead of written out per tile size.
 */
export interface RowProgram {
  rows: number;
  cols: number;
  /** Per step: the destination row, the paired row (−1 for none), σ, and its entry ranges. */
  row: Int32Array;
  pair: Int32Array;
  sign: Float64Array;
  /** Entries [evenStart, oddStart) are E's (or all of a lone row's), [oddStart, end) are O's. */
  evenStart: Int32Array;
  oddStart: Int32Array;
  end: Int32Array;
  col: Int32Array;
  coef: Float64Array;
}

export function rowProgram(m: Float64Array, rows: number, cols: number): RowProgram {
  const at = (i: number, l: number) => m[i * cols + l];
  // The transforms come out of a float64 matrix inverse: mirrored entries agree to a few ulps, not always exactly.
  const mirrors = (a: number, b: number, sign: number) => {
    for (let l = 0; l < cols; l++) {
      const mirrored = sign * (l % 2 === 0 ? 1 : -1) * at(a, l);
      if (Math.abs(at(b, l) - mirrored) > 1e-14 * Math.max(1, Math.abs(mirrored))) return false;
    }
    return true;
  };
  const steps: { row: number; pair: number; sign: number; even: number[]; odd: number[] }[] = [];
  const done = new Set<number>();
  for (let a = 0; a < rows; a++) {
    if (done.has(a)) continue;
    const nonzero = [...Array(cols).keys()].filter((l) => at(a, l) !== 0);
    let step = { row: a, pair: -1, sign: 1, even: nonzero, odd: [] as number[] };
    const hasBoth = nonzero.some((l) => l % 2 === 0) && nonzero.some((l) => l % 2 === 1);
    for (let b = a + 1; b < rows && hasBoth; b++) {
      const sign = [1, -1].find((s) => !done.has(b) && mirrors(a, b, s));
      if (sign === undefined) continue;
      step = {
        row: a,
        pair: b,
        sign,
        even: nonzero.filter((l) => l % 2 === 0),
        odd: nonzero.filter((l) => l % 2 === 1),
      };
      done.add(b);
      break;
    }
    steps.push(step);
  }
  const col: number[] = [];
  const coef: number[] = [];
  const program: RowProgram = {
    rows,
    cols,
    row: Int32Array.from(steps, (s) => s.row),
    pair: Int32Array.from(steps, (s) => s.pair),
    sign: Float64Array.from(steps, (s) => s.sign),
    evenStart: new Int32Array(steps.length),
    oddStart: new Int32Array(steps.length),
    end: new Int32Array(steps.length),
    col: new Int32Array(0),
    coef: new Float64Array(0),
  };
  steps.forEach((s, k) => {
    const push = (l: number) => {
      col.push(l);
      coef.push(at(s.row, l));
    };
    program.evenStart[k] = col.length;
    s.even.forEach(push);
    program.oddStart[k] = col.length;
    s.odd.forEach(push);
    program.end[k] = col.length;
  });
  program.col = Int32Array.from(col);
  program.coef = Float64Array.from(coef);
  return program;
}

/**
 * dst row i (at dstOff + i·dstRowStep) = Σ_l M[i][l]·src row l (at srcOff + l·srcRowStep), for
 * `count` values per row. dst and src must not overlap.
 */
// biome-ignore format: the operands on one line
export function applyRows(p: RowProgram, src: Float64Array, srcOff: number, srcRowStep: number, dst: Float64Array, dstOff: number, dstRowStep: number, count: number): void {
  for (let k = 0; k < p.row.length; k++) {
    const a = dstOff + p.row[k] * dstRowStep;
    sumRows(p, p.evenStart[k], p.oddStart[k], src, srcOff, srcRowStep, dst, a, count);
    if (p.pair[k] < 0) continue;
    const b = dstOff + p.pair[k] * dstRowStep;
    sumRows(p, p.oddStart[k], p.end[k], src, srcOff, srcRowStep, dst, b, count);
    const sign = p.sign[k];
    for (let t = 0; t < count; t++) {
      const even = dst[a + t];
      const odd = dst[b + t];
      dst[a + t] = even + odd;
      dst[b + t] = sign * (even - odd);
    }
  }
}

/** dst[at …] = Σ over entries [first, end) of coef·src row col (zero for no entries). */
// biome-ignore format: the operands on one line
function sumRows(p: RowProgram, first: number, end: number, src: Float64Array, srcOff: number, srcRowStep: number, dst: Float64Array, at: number, count: number): void {
  if (first === end) {
    dst.fill(0, at, at + count);
    return;
  }
  const c0 = p.coef[first];
  const from0 = srcOff + p.col[first] * srcRowStep;
  for (let t = 0; t < count; t++) dst[at + t] = c0 * src[from0 + t];
  for (let e = first + 1; e < end; e++) {
    const c = p.coef[e];
    const from = srcOff + p.col[e] * srcRowStep;
    for (let t = 0; t < count; t++) dst[at + t] += c * src[from + t];
  }
}
