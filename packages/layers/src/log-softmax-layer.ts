import { type FloatArray, logSoftmax } from '@scratchnet/tensor';
import { type AxisNormalization, type Lane, NormalizeAlongAxis } from './normalize-along-axis';

const LOG_SOFTMAX: AxisNormalization = {
  kind: 'LogSoftmax',
  forward: logSoftmax,
  // dx = dy − softmax(x) · Σ dy, where softmax(x) = exp(y)
  laneBackward(y: FloatArray, dy: FloatArray, dx: FloatArray, { start, stride, length }: Lane): void {
    let total = 0;
    for (let j = 0, p = start; j < length; j++, p += stride) total += dy[p];
    for (let j = 0, p = start; j < length; j++, p += stride) dx[p] = dy[p] - Math.exp(y[p]) * total;
  },
};

/** y = x − log Σ exp(x) along `axis` (default the last), stable at large |x|. */
export class LogSoftmax extends NormalizeAlongAxis {
  constructor(axis = -1) {
    super(LOG_SOFTMAX, axis);
  }
}
