import { lstmCell } from './lstm-cell';
import { RecurrentLayer, type RecurrentOptions } from './recurrent-layer';

/**
 * PyTorch's nn.LSTM: input [T, N, inputSize] ([N, T, inputSize] with batchFirst), output
 * [·, ·, D·hiddenSize] (D = 2 when bidirectional: forward and reverse outputs side by side).
 * `forward(x, { h0, c0 })` starts from given states; `lastState()` gives h_n and c_n.
 */
export class LSTM extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', lstmCell, inputSize, hiddenSize, options);
  }
}
