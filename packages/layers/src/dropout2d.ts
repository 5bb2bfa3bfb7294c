import type { Tensor } from '@scratchnet/tensor';
import { Dropout } from './dropout';

/**
 * Channel dropout (PyTorch's nn.Dropout2d) on [N, C, H, W]: in training each of the N·C feature
 * maps is zeroed whole with probability p, the kept ones scaled by 1 / (1 − p); eval is the
 * identity. One draw per channel, in (n, c) order, from the same generator rule as Dropout
 * (`rng`, else `seed`, else the global generator); the constructor is Dropout's: (p = 0.5, options).
 */
export class Dropout2d extends Dropout {
  override get kind(): string {
    return 'Dropout2d';
  }

  override outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 4) throw this.inputError('[N, C, H, W]', inputShape);
    return [...inputShape];
  }

  protected override checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  protected override unitSize(shape: readonly number[]): number {
    return shape[2] * shape[3];
  }
}
