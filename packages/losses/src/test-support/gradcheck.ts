import { Tensor } from '@scratchnet/tensor';
import { expect } from 'vitest';
import type { Loss } from '../loss';
import type { Target } from '../target';

/**
 * Central differences on the loss value against backward(), in float64.
 * With h = 1e-6 the truncation error is O(h^2 * f''') ~ 1e-12 and the rounding
 * error ~ eps * |f| / h ~ 1e-10, so 1e-7 (relative to max(1, |grad|)) has wide
 * margin while still catching any wrong factor or sign.
 */
export function expectGradientMatchesFiniteDifferences(
  make: () => Loss,
  pred: Tensor,
  target: Target,
  h = 1e-6,
): void {
  expect(pred.dtype).toBe('float64');
  const loss = make();
  loss.forward(pred, target);
  const analytic = loss.backward();
  const x = new Tensor(pred.data.slice(), pred.shape);
  for (let i = 0; i < x.size; i++) {
    const saved = x.data[i];
    x.data[i] = saved + h;
    const plus = make().forward(x, target);
    x.data[i] = saved - h;
    const minus = make().forward(x, target);
    x.data[i] = saved;
    const numeric = (plus - minus) / (2 * h);
    expect(
      Math.abs(numeric - analytic.data[i]),
      `element ${i}: numeric ${numeric}, analytic ${analytic.data[i]}`,
    ).toBeLessThan(1e-7 * Math.max(1, Math.abs(analytic.data[i])));
  }
}

/** max |a - b| <= tol * max(1e-30, max |b|): closeness relative to the scale of the reference. */
export function expectCloseRelative(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  label = '',
): void {
  expect(actual.length, label).toBe(expected.length);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst, `${label}: max |diff| ${worst} vs scale ${scale}`).toBeLessThanOrEqual(
    tol * Math.max(scale, 1e-30),
  );
}
