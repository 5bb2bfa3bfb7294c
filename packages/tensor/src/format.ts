import type { Tensor } from './tensor';

function formatNumber(value: number, decimals: number, scientific: boolean): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (scientific) return value.toExponential(decimals).replace(/e([+-])(\d)$/, 'e$10$2');
  const fixed = value.toFixed(decimals);
  // NumPy prints "1." for an integral float and trims trailing zeros consistently across the array.
  return fixed;
}

/** Prints like NumPy: `tensor([[1., 2.], [3., 4.]], dtype=float32)`, elided past 1000 elements. */
export function formatTensor(tensor: Tensor): string {
  const { data, shape } = tensor;
  const finite = Array.from(data.length > 1000 ? data.subarray(0, 1000) : data).filter(Number.isFinite);
  const maxAbs = finite.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const minAbs = finite.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Number.POSITIVE_INFINITY);
  const allIntegral = finite.every(Number.isInteger);
  const scientific = maxAbs >= 1e8 || (minAbs < 1e-4 && minAbs !== Number.POSITIVE_INFINITY);
  let decimals = 4;
  if (!scientific && allIntegral) decimals = 0;
  else if (!scientific) {
    // Trim trailing zeros shared by every value, as NumPy does.
    while (decimals > 1 && finite.every((v) => Number(v.toFixed(decimals - 1)) === Number(v.toFixed(decimals)))) {
      decimals--;
    }
  }
  const cells = (i: number) => {
    const s = formatNumber(data[i], decimals, scientific);
    return allIntegral && !scientific && Number.isFinite(data[i]) ? `${s}.` : s;
  };
  const width = Array.from(data.length > 1000 ? data.subarray(0, 1000) : data, (_, i) => cells(i).length).reduce(
    (m, w) => Math.max(m, w),
    1,
  );
  const summarise = data.length > 1000;
  const prefix = 'tensor(';
  const render = (dim: number, offset: number, indent: string): string => {
    if (shape.length === 0) return cells(0);
    const n = shape[dim];
    const stride = shape.slice(dim + 1).reduce((p, d) => p * d, 1);
    const indices = summarise && n > 6 ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    if (dim === shape.length - 1) {
      const items = indices.map((i) => (i < 0 ? '...' : cells(offset + i).padStart(width)));
      return `[${items.join(', ')}]`;
    }
    const sep = `,${'\n'.repeat(shape.length - dim - 1)}${indent} `;
    const items = indices.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * stride, `${indent} `)));
    return `[${items.join(sep)}]`;
  };
  return `${prefix}${render(0, 0, ' '.repeat(prefix.length))}, dtype=${tensor.dtype})`;
}
