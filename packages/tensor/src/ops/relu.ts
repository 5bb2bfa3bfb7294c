import { getKernel } from '../backend/registry';
import { stepArray } from '../step-arena';
import { Tensor } from '../tensor';
import { checkSameDType, checkShape, checkTensor } from './conv2d';

/** max(x, 0) element by element, any shape (NaN stays NaN, as in PyTorch). */
export function relu(x: Tensor): Tensor {
  checkTensor('relu', 'input', x);
  const y = stepArray('relu', x.dtype, x.shape);
  getKernel('relu', x.dtype)(x.data, y);
  return new Tensor(y, x.shape);
}

/**
 * dL/dx of relu: dy where y > 0, else 0. `y` is relu's output (or its input: they are positive
 * at the same elements).
 */
export function reluBackward(y: Tensor, dy: Tensor): Tensor {
  const op = 'reluBackward';
  checkTensor(op, 'y', y);
  checkTensor(op, 'dy', dy);
  checkSameDType(op, { y, dy });
  checkShape(op, 'dy', dy, y.shape, "relu's output");
  const dx = stepArray(op, dy.dtype, dy.shape, 'dx');
  getKernel('reluBackward', dy.dtype)(y.data, dy.data, dx);
  return new Tensor(dx, dy.shape);
}
