import { type FloatArray, logSoftmax, type Tensor } from '@scratchnet/tensor';
import { type Lane, NormalizeAlongAxis } from './normalize-along-axis';

/** y = x − log Σ exp(x) along `axis`; dx = dy − softmax(x) · Σ dy, with softmax(x) = exp(y). */
export class LogSoftmax extends NormalizeAlongAxis {
  constructor(axis = -1) {
    super('LogSoftmax', axis);
  }

  protected forwardPass(x: Tensor): [Tensor, Tensor] {
    const y = logSoftmax(x, this.axis);
    return [y, y];
  }

  protected laneBackward(
    y: FloatArray,
    dy: FloatArray,
    dx: FloatArray,
    { start, stride, length }: Lane,
  ): void {
    let total = 0;
    for (let j = 0, p = start; j < length; j++, p += stride) total += dy[p];
    for (let j = 0, p = start; j < length; j++, p += stride) dx[p] = dy[p] - Math.exp(y[p]) * total;
  }
}
