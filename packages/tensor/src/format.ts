import type { Tensor } from './tensor';

const SHOWN = 1000;
const EDGE = 3;

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return undefined;
}

/**
 * One formatter for all elements, as NumPy chooses it: integers print as "1.", fixed
 * notation trims the trailing zeros no element needs, scientific past 1e8 or below 1e-4.
 */
function chooseFormat(values: ArrayLike<number>): (v: number) => string {
  const finite = Array.from(values).filter(Number.isFinite);
  const abs = finite.map(Math.abs);
  const maxAbs = abs.reduce((m, v) => Math.max(m, v), 0);
  const minNonZero = abs.filter((v) => v > 0).reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  if (maxAbs >= 1e8 || minNonZero < 1e-4) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (finite.every(Number.isInteger)) return (v) => special(v) ?? `${v.toFixed(0)}.`;
  let decimals = 4;
  while (decimals > 1 && finite.every((v) => Number(v.toFixed(decimals - 1)) === Number(v.toFixed(decimals))))
    decimals--;
  return (v) => special(v) ?? v.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '.0');
}

/** Pads so that decimal points line up: integer parts right-aligned, fractions left-aligned. */
function aligner(cells: string[]): (cell: string) => string {
  const split = (c: string) => (c.includes('.') && !c.includes('e') ? c.split('.') : [c, undefined]);
  const intWidth = Math.max(1, ...cells.map((c) => split(c)[0]!.length));
  const fracWidth = Math.max(0, ...cells.map((c) => split(c)[1]?.length ?? 0));
  return (cell) => {
    const [int, frac] = split(cell);
    if (frac === undefined) return int!.padStart(intWidth + (fracWidth > 0 ? fracWidth + 1 : 0));
    return `${int!.padStart(intWidth)}.${frac.padEnd(fracWidth)}`;
  };
}

/** Prints like NumPy: `tensor([[1., 2.], [3., 4.]], dtype=float32)`, elided past 1000 elements. */
export function formatTensor(tensor: Tensor): string {
  const { data, shape } = tensor;
  const summarise = data.length > SHOWN;
  const sample = summarise ? data.subarray(0, SHOWN) : data;
  const format = chooseFormat(sample);
  const align = aligner(Array.from(sample, format));
  const cell = (i: number) => align(format(data[i]));
  const prefix = 'tensor(';
  const render = (dim: number, offset: number, indent: string): string => {
    if (shape.length === 0) return cell(0);
    const n = shape[dim];
    const stride = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
    const indices =
      summarise && n > 2 * EDGE
        ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)]
        : [...Array(n).keys()];
    if (dim === shape.length - 1)
      return `[${indices.map((i) => (i < 0 ? '...' : cell(offset + i))).join(', ')}]`;
    const separator = `,${'\n'.repeat(shape.length - dim - 1)}${indent} `;
    return `[${indices.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * stride, `${indent} `))).join(separator)}]`;
  };
  return `${prefix}${render(0, 0, ' '.repeat(prefix.length))}, dtype=${tensor.dtype})`;
}
