import { type DType, Tensor } from '@scratchnet/tensor';
import fixture from '../../fixtures/optimizers.json';
import { Adam, AdamW } from '../adam';
import type { Optimizer } from '../optimizer';
import type { OptimizerParameter } from '../parameter';
import { RMSprop } from '../rmsprop';
import { SGD } from '../sgd';

export { fixture };

export type OptimizerCase = (typeof fixture.optimizers)[number];

const CONSTRUCTORS = { SGD, Adam, AdamW, RMSprop } as const;

export function makeOptimizer(name: string, params: OptimizerParameter[], options: object): Optimizer {
  const Ctor = CONSTRUCTORS[name as keyof typeof CONSTRUCTORS] as unknown as new (
    p: OptimizerParameter[],
    o: object,
  ) => Optimizer;
  return new Ctor(params, options);
}

/** The fixture's initial parameters (named like a model's), with zero grads. */
export function fixtureParameters(dtype: DType): OptimizerParameter[] {
  return fixture.shapes.map((shape, i) => ({
    name: i === 0 ? 'fc.weight' : 'fc.bias',
    value: Tensor.from(fixture.init[dtype][i], shape, { dtype }),
    grad: Tensor.zeros(shape, { dtype }),
  }));
}

/** Copies the fixture's gradients of `step` into the parameters' grads. */
export function loadGradients(params: OptimizerParameter[], dtype: DType, step: number): void {
  params.forEach((p, i) => {
    p.grad.data.set(fixture.grads[dtype][step][i]);
  });
}

/** Runs fixture steps [from, to): load that step's gradients, then optimizer.step(). */
export function runSteps(
  opt: Optimizer,
  params: OptimizerParameter[],
  dtype: DType,
  from: number,
  to: number,
): void {
  for (let s = from; s < to; s++) {
    loadGradients(params, dtype, s);
    opt.step();
  }
}
