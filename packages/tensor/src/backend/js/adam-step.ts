import type { FloatArray } from '../../dtype';
import type { AdamStepArgs } from '../types';

const OP = 'adamStep';

function checkArgs(args: AdamStepArgs): void {
  for (const name of ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'] as const) {
    if (!Number.isFinite(args[name]))
      throw new Error(`${OP}: ${name} must be a finite number, got ${args[name]}`);
  }
  for (const name of ['beta1', 'beta2'] as const) {
    if (args[name] < 0 || args[name] >= 1)
      throw new Error(`${OP}: ${name} must be in [0, 1), got ${args[name]}`);
  }
  if (!Number.isInteger(args.step) || args.step < 1) {
    throw new Error(`${OP}: step must be an integer >= 1 (the count including this step), got ${args.step}`);
  }
}

const article = (name: string) => (/^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`);

function overlaps(a: FloatArray, b: FloatArray): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/** The native kernel's checks, with its messages: types, lengths, then no updated array sharing memory. */
function checkArrays(param: FloatArray, named: [string, FloatArray | null][]): void {
  const type = param?.constructor;
  if (type !== Float32Array && type !== Float64Array) {
    throw new Error(
      `${OP}: param must be a Float32Array or a Float64Array, got ${type ? article(type.name) : String(param)}`,
    );
  }
  for (const [name, array] of named) {
    if (array === null && name === 'maxExpAvgSq')
      throw new Error(`${OP}: ${name} is required when amsgrad is set, got null`);
    if (array?.constructor !== type) {
      const got = array?.constructor ? article(array.constructor.name) : String(array);
      throw new Error(`${OP}: ${name} must be ${article(type.name)}, got ${got}`);
    }
    if (array.length !== param.length) {
      throw new Error(`${OP}: ${name} has ${array.length} elements, param has ${param.length}`);
    }
  }
  const updated: [string, FloatArray][] = [
    ['param', param],
    ...(named.filter(([n]) => n !== 'grad') as [string, FloatArray][]),
  ];
  updated.forEach(([name, array], i) => {
    const other = [...updated.slice(i + 1), ['grad', named[0][1] as FloatArray] as const].find(([, b]) =>
      overlaps(array, b),
    );
    if (other) throw new Error(`${OP}: ${name} shares memory with ${other[0]}; pass separate buffers`);
  });
}

const same = (x: number) => x;

/**
 * The js `adamStep`: the rule of `AdamStepArgs` in the arrays' dtype. For float32 every scalar and
 * every operation's result goes through Math.fround: a float64 sum, product, quotient or square root
 * of float32 values, rounded to float32, is the correctly rounded float32 result, so this gives the
 * bits of float32 arithmetic (the native kernel's). Branches test loop-invariant flags only.
 */
export function adamStep(
  param: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray | null,
  args: AdamStepArgs,
): void {
  checkArgs(args);
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad, maximize } = args;
  const named: [string, FloatArray | null][] = [
    ['grad', grad],
    ['expAvg', m],
    ['expAvgSq', v],
  ];
  if (amsgrad) named.push(['maxExpAvgSq', vMax]);
  checkArrays(param, named);
  const r = param instanceof Float32Array ? Math.fround : same;
  const top = amsgrad ? (vMax as FloatArray) : v;
  // The scalars as PyTorch forms them, in float64, each rounded once (the native wrapper sends
  // the two bias corrections as these expressions give them).
  const negStepSize = -r(lr / (1 - beta1 ** args.step));
  const bias2Sqrt = r((1 - beta2 ** args.step) ** 0.5);
  const shrink = decoupledWeightDecay && weightDecay !== 0 ? r(1 - lr * weightDecay) : 1;
  const decay = decoupledWeightDecay ? 0 : r(weightDecay);
  const weight = r(1 - beta1);
  const lerpLow = Math.abs(weight) < 0.5;
  const oneMinusWeight = r(1 - weight);
  const [beta2r, oneMinusBeta2, epsr] = [r(beta2), r(1 - beta2), r(eps)];
  for (let j = 0; j < param.length; j++) {
    if (shrink !== 1) param[j] = r(param[j] * shrink);
    let g = maximize ? -grad[j] : grad[j];
    if (decay !== 0) g = r(g + r(decay * param[j]));
    const mj = m[j];
    const d = r(g - mj);
    m[j] = lerpLow ? r(mj + r(weight * d)) : r(g - r(d * oneMinusWeight));
    v[j] = r(r(v[j] * beta2r) + r(r(oneMinusBeta2 * g) * g));
    if (amsgrad) top[j] = Math.max(top[j], v[j]);
    const denom = r(r(r(Math.sqrt(top[j])) / bias2Sqrt) + epsr);
    param[j] = r(param[j] + r(negStepSize * r(m[j] / denom)));
  }
}
