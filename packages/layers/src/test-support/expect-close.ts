import { formatShape, type Tensor } from '@scratchnet/tensor';
import { sameShape } from '../same-shape';

export interface Tolerance {
  /** Relative to each expected element. */
  rtol: number;
  /** Absolute floor, for elements near zero. */
  atol: number;
}

/** Throws, naming the worst element, unless every |actual − expected| ≤ atol + rtol·|expected|. */
export function expectClose(
  actual: Tensor,
  expected: Tensor,
  { rtol, atol }: Tolerance,
  label: string,
): void {
  if (!sameShape(actual.shape, expected.shape)) {
    throw new Error(`${label}: shape ${formatShape(actual.shape)}, expected ${formatShape(expected.shape)}`);
  }
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < expected.size; i++) {
    const ratio = Math.abs(actual.data[i] - expected.data[i]) / (atol + rtol * Math.abs(expected.data[i]));
    if (!(ratio <= worstRatio)) {
      worstRatio = ratio;
      worst = i;
    }
  }
  if (!(worstRatio <= 1)) {
    throw new Error(
      `${label}: element ${worst} is ${actual.data[worst]}, expected ${expected.data[worst]} (|diff| ${Math.abs(actual.data[worst] - expected.data[worst]).toExponential(2)} > atol ${atol.toExponential(1)} + rtol ${rtol.toExponential(1)}·|expected|)`,
    );
  }
}

export function maxAbs(t: Tensor): number {
  let m = 0;
  for (let i = 0; i < t.size; i++) m = Math.max(m, Math.abs(t.data[i]));
  return m;
}
