export type Reduction = 'mean' | 'sum';

export function parseReduction(op: string, value: unknown): Reduction {
  if (value === undefined) return 'mean';
  if (value === 'mean' || value === 'sum') return value;
  throw new Error(`${op}: reduction must be 'mean' or 'sum', got ${JSON.stringify(value)}`);
}

/** The factor that turns a sum over `count` terms into the requested reduction. */
export function reductionScale(reduction: Reduction, count: number): number {
  return reduction === 'mean' ? 1 / count : 1;
}
