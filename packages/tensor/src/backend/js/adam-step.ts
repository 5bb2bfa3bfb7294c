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

/**
 * The js `adamStep`: float64 arithmetic, each element rounded once as it is stored (and reread
 * rounded), the order the native kernel repeats so that both are bit-identical. Branches
 * test loop-invariant flags only.
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
  const top = amsgrad ? (vMax as FloatArray) : v;
  // As PyTorch forms them (the native backend's wrapper repeats these two expressions).
  const stepSize = lr / (1 - beta1 ** args.step);
  const bias2Sqrt = (1 - beta2 ** args.step) ** 0.5;
  const shrink = decoupledWeightDecay && weightDecay !== 0 ? 1 - lr * weightDecay : 1;
  const decay = decoupledWeightDecay ? 0 : weightDecay;
  const sign = maximize ? -1 : 1;
  const weight = 1 - beta1;
  const lerpLow = Math.abs(weight) < 0.5;
  const oneMinusWeight = 1 - weight;
  const oneMinusBeta2 = 1 - beta2;
  for (let j = 0; j < param.length; j++) {
    if (shrink !== 1) param[j] *= shrink;
    let g = sign * grad[j];
    if (decay !== 0) g += decay * param[j];
    const mj = m[j];
    m[j] = lerpLow ? mj + weight * (g - mj) : g - (g - mj) * oneMinusWeight;
    v[j] = v[j] * beta2 + oneMinusBeta2 * g * g;
    if (amsgrad) top[j] = Math.max(top[j], v[j]);
    const denom = Math.sqrt(top[j]) / bias2Sqrt + eps;
    param[j] = param[j] + -stepSize * (m[j] / denom);
  }
}
