import { type FloatArray, softmax, type Tensor } from '@scratchnet/tensor';
import { type Lane, NormalizeAlongAxis } from './normalize-along-axis';

/** y = exp(x) / Σ exp(x) along `axis`; dx = y ⊙ (dy − Σ dy ⊙ y). */
export class Softmax extends NormalizeAlongAxis {
  constructor(axis = -1) {
    super('Softmax', axis);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const y = softmax(x, this.axis);
    return [y, y];
  }

  protected laneBackward(
    y: FloatArray,
    dy: FloatArray,
    dx: FloatArray,
    { start, stride, length }: Lane,
  ): void {
    let dot = 0;
    for (let j = 0, p = start; j < length; j++, p += stride) dot += dy[p] * y[p];
    for (let j = 0, p = start; j < length; j++, p += stride) dx[p] = y[p] * (dy[p] - dot);
  }
}
