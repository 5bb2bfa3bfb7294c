import { allocateFor, type DType, Tensor } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { booleanArg, optionsObject } from './validate-args';

export interface LastStepOptions {
  /** Input [N, T, F] instead of [T, N, F], as the recurrent layers' option of the same name. */
  batchFirst?: boolean;
}

interface Cache {
  inputShape: readonly number[];
  dtype: DType;
}

/**
 * The last time step of a sequence: [T, N, F] (or [N, T, F] with `batchFirst`) to [N, F], so that
 * `Sequential(LSTM, LastStep, Linear)` classifies sequences. Backward puts dy at step T − 1 and zeros
 * elsewhere. For a bidirectional layer the reverse half of the last step has seen that step only.
 */
export class LastStep extends BaseLayer<Cache> {
  readonly kind = 'LastStep';
  readonly batchFirst: boolean;

  constructor(rawOptions: LastStepOptions = {}) {
    super();
    const { batchFirst = false } = optionsObject('LastStep', rawOptions);
    this.batchFirst = booleanArg('LastStep', 'batchFirst', batchFirst);
    this.configArgs = [jsonOptions({ batchFirst })];
  }

  override toString(): string {
    return this.batchFirst ? 'LastStep(batchFirst=true)' : 'LastStep()';
  }

  outputShape(inputShape: readonly number[]): number[] {
    const steps = inputShape[this.batchFirst ? 1 : 0];
    if (inputShape.length !== 3 || steps < 1) {
      throw this.inputError(this.batchFirst ? '[N, T >= 1, F]' : '[T >= 1, N, F]', inputShape);
    }
    return [inputShape[this.batchFirst ? 0 : 1], inputShape[2]];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
  }

  /** Where the rows of step T − 1 start, and how far apart they are, in the flat [·, ·, F] input. */
  private rowsOf([a, b, f]: readonly number[]): { first: number; stride: number; count: number } {
    return this.batchFirst
      ? { first: (b - 1) * f, stride: b * f, count: a }
      : { first: (a - 1) * b * f, stride: f, count: b };
  }

  protected forwardPass(x: Tensor): [Tensor, Cache] {
    const features = x.shape[2];
    const { first, stride, count } = this.rowsOf(x.shape);
    const y = allocateFor(`${this}`, x.dtype, [count, features]);
    for (let n = 0; n < count; n++) {
      const start = first + n * stride;
      y.set(x.data.subarray(start, start + features), n * features);
    }
    return [new Tensor(y, [count, features]), { inputShape: x.shape, dtype: x.dtype }];
  }

  protected backwardPass(dy: Tensor, { inputShape, dtype }: Cache): Tensor {
    const features = inputShape[2];
    const { first, stride, count } = this.rowsOf(inputShape);
    const dx = Tensor.zeros(inputShape, { dtype });
    for (let n = 0; n < count; n++)
      dx.data.set(dy.data.subarray(n * features, (n + 1) * features), first + n * stride);
    return dx;
  }
}
