import { allocate, formatValue, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';

export type TokenPoolMode = 'mean' | 'first' | 'last';

const MODES: readonly TokenPoolMode[] = ['mean', 'first', 'last'];

/**
 * Reduces token sequences [N, T, D] to one vector per sample [N, D] for a classification head: the
 * mean over the tokens ('mean', as `x.mean(1)`), or one token, `x[:, 0]` ('first': a class token)
 * or `x[:, -1]` ('last'). PyTorch has no module for it.
 */
export class TokenPool extends BaseLayer<number> {
  readonly kind = 'TokenPool';
  readonly mode: TokenPoolMode;

  constructor(mode: TokenPoolMode = 'mean') {
    super();
    if (!MODES.includes(mode)) {
      throw new Error(`TokenPool: mode must be one of ${MODES.join(', ')}, got ${formatValue(mode)}`);
    }
    this.mode = mode;
    this.configArgs = [mode];
  }

  override toString(): string {
    return `TokenPool(${this.mode})`;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3 || inputShape[1] < 1)
      throw this.inputError('[N, T, D] with T >= 1', inputShape);
    return [inputShape[0], inputShape[2]];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  /** The token read by 'first' and 'last'. */
  private selected(tokens: number): number {
    return this.mode === 'first' ? 0 : tokens - 1;
  }

  protected forwardPass(x: Tensor): [Tensor, number] {
    const [batch, tokens, dim] = x.shape;
    const y = allocate(x.dtype, batch * dim);
    for (let n = 0; n < batch; n++) {
      if (this.mode === 'mean') {
        for (let t = 0; t < tokens; t++)
          for (let c = 0; c < dim; c++) y[n * dim + c] += x.data[(n * tokens + t) * dim + c];
        for (let c = 0; c < dim; c++) y[n * dim + c] /= tokens;
      } else {
        const start = (n * tokens + this.selected(tokens)) * dim;
        y.set(x.data.subarray(start, start + dim), n * dim);
      }
    }
    return [new Tensor(y, [batch, dim]), tokens];
  }

  protected backwardPass(dy: Tensor, tokens: number): Tensor {
    const [batch, dim] = dy.shape;
    const dx = allocate(dy.dtype, batch * tokens * dim);
    for (let n = 0; n < batch; n++) {
      const row = dy.data.subarray(n * dim, (n + 1) * dim);
      if (this.mode === 'mean') {
        for (let t = 0; t < tokens; t++)
          for (let c = 0; c < dim; c++) dx[(n * tokens + t) * dim + c] = row[c] / tokens;
      } else dx.set(row, (n * tokens + this.selected(tokens)) * dim);
    }
    return new Tensor(dx, [batch, tokens, dim]);
  }
}
