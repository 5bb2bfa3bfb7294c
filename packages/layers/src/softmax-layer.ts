import { type FloatArray, softmax } from '@scratchnet/tensor';
import { type AxisNormalization, type Lane, NormalizeAlongAxis } from './normalize-along-axis';

const SOFTMAX: AxisNormalization = {
  kind: 'Softmax',
  forward: softmax,
  // dx = y ⊙ (dy − Σ dy ⊙ y)
  laneBackward(y: FloatArray, dy: FloatArray, dx: FloatArray, { start, stride, length }: Lane): void {
    let dot = 0;
    for (let j = 0, p = start; j < length; j++, p += stride) dot += dy[p] * y[p];
    for (let j = 0, p = start; j < length; j++, p += stride) dx[p] = y[p] * (dy[p] - dot);
  },
};

/** y = exp(x) / Σ exp(x) along `axis` (default the last). */
export class Softmax extends NormalizeAlongAxis {
  constructor(axis = -1) {
    super(SOFTMAX, axis);
  }
}
