import { getKernel } from '../backend/registry';
import type { AdamStepArgs } from '../backend/types';
import type { Tensor } from '../tensor';
import { checkSameDType, checkShape, checkTensor } from './conv2d';

/** Adam's running moments of one parameter, each shaped like it; `maxExpAvgSq` only with amsgrad. */
export interface AdamMoments {
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor | null;
}

/**
 * One Adam or AdamW step of `param` in place (the rule is in `AdamStepArgs`): param and the moments
 * are updated, grad is read. Runs the active backend's fused `adamStep` kernel.
 */
export function adamStep(param: Tensor, grad: Tensor, moments: AdamMoments, args: AdamStepArgs): void {
  const op = 'adamStep';
  const { expAvg, expAvgSq, maxExpAvgSq = null } = moments;
  const others = { grad, expAvg, expAvgSq, maxExpAvgSq };
  checkTensor(op, 'param', param);
  for (const [name, t] of Object.entries(others)) {
    // A missing maxExpAvgSq is the kernel's to judge: it is required only with amsgrad.
    if (t === null) continue;
    checkTensor(op, name, t);
    checkShape(op, name, t, param.shape, 'the parameter');
  }
  checkSameDType(op, { param, ...others });
  getKernel(op, param.dtype)(
    param.data,
    grad.data,
    expAvg.data,
    expAvgSq.data,
    maxExpAvgSq ? maxExpAvgSq.data : null,
    args,
  );
}
