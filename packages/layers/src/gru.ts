import { gruCell } from './gru-cell';
import { RecurrentLayer, type RecurrentOptions } from './recurrent-layer';

/**
 * PyTorch's nn.GRU: input [T, N, inputSize] ([N, T, inputSize] with batchFirst), output
 * [·, ·, D·hiddenSize]. `forward(x, { h0 })` starts from a given state; `lastState().h` is h_n.
 */
export class GRU extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', gruCell, inputSize, hiddenSize, options);
  }
}
