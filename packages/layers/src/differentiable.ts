import type { Tensor } from '@scratchnet/tensor';
import type { ForwardOptions } from './layer';
import type { NamedBuffer, Parameter } from './parameter';

/** What gradcheck and jacobian need: a layer, or any object with the same forward/backward pair. */
export interface Differentiable {
  forward(x: Tensor, options?: ForwardOptions): Tensor;
  backward(dy: Tensor): Tensor;
  parameters?(): Parameter[];
  buffers?(): NamedBuffer[];
}

/**
 * Copies every parameter grad and buffer; the returned function puts them back, so that a
 * check leaves no accumulated gradient and no running-statistics update behind.
 */
export function preserveState(target: Differentiable): () => void {
  const saved = [
    ...(target.parameters?.() ?? []).map((p) => p.grad),
    ...(target.buffers?.() ?? []).map((b) => b.value),
  ].map((tensor) => [tensor, tensor.data.slice()] as const);
  return () => {
    for (const [tensor, data] of saved) tensor.data.set(data);
  };
}

export function zeroGrads(target: Differentiable): void {
  for (const p of target.parameters?.() ?? []) p.grad.data.fill(0);
}
