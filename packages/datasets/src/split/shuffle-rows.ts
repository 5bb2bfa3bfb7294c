import { type RngOptions, resolveRng, Tensor } from '@scratchnet/tensor';
import { isRows, rowFields, rowSize } from './rows';

/**
 * A copy of `data` whose tensors (along their first axis) and typed arrays are put in one seeded
 * random order, the same for every field; other fields (class names, plain arrays) are copied over
 * as they are. Data read class by class (as `imageFolder` and most CSV files are) needs this before
 * `trainValSplit`, which keeps the last rows.
 */
export function shuffleRows<T extends object>(data: T, options: RngOptions = {}): T {
  const { entries, rows: n } = rowFields('shuffleRows', 'shuffle', data);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  resolveRng('shuffleRows', options).shuffle(order);
  const gather = (value: unknown): unknown => {
    if (!isRows(value)) return value;
    const size = rowSize(value);
    const src = value instanceof Tensor ? value.data : value;
    const out = new (src.constructor as new (n: number) => typeof src)(n * size);
    order.forEach((from, to) => {
      out.set(src.subarray(from * size, (from + 1) * size), to * size);
    });
    return value instanceof Tensor ? new Tensor(out as Tensor['data'], value.shape) : out;
  };
  return Object.fromEntries(entries.map(([k, v]) => [k, gather(v)])) as T;
}
