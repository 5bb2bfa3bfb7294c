import { allocate, type DType, Tensor, validateShape } from '@scratchnet/tensor';
import { BaseLayer } from './layer';
import { jsonOptions } from './layer-config';
import { createParameter, type Parameter } from './parameter';
import { checkDtypeArg, optionsObject, positiveInteger } from './validate-args';

/**
 * Puts a learned token in front of every sequence: [N, T, dim] -> [N, T + 1, dim], token 0 being
 * `class_token` [1, 1, dim] (torchvision's ViT name and initialisation: zeros). A classification
 * head then reads token 0 (see TokenPool 'first').
 */
export class ClassToken extends BaseLayer<null> {
  readonly kind = 'ClassToken';
  readonly dim: number;
  readonly dtype: DType;
  readonly classToken: Parameter;

  constructor(dim: number, rawOptions: { dtype?: DType } = {}) {
    super();
    positiveInteger('ClassToken', 'dim', dim);
    const label = `ClassToken(${dim})`;
    this.dtype = checkDtypeArg(label, optionsObject(label, rawOptions).dtype ?? 'float32');
    validateShape(label, [1, 1, dim], 'class_token');
    this.classToken = createParameter('class_token', Tensor.zeros([1, 1, dim], { dtype: this.dtype }));
    this.dim = dim;
    this.configArgs = [dim, jsonOptions({ dtype: this.dtype })];
  }

  override toString(): string {
    return `ClassToken(${this.dim})`;
  }

  override parameters(): Parameter[] {
    return [this.classToken];
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3 || inputShape[2] !== this.dim) {
      throw this.inputError(`[N, T, ${this.dim}]`, inputShape);
    }
    return [inputShape[0], inputShape[1] + 1, this.dim];
  }

  protected checkInput(x: Tensor): void {
    this.outputShape(x.shape);
    this.checkDtype(x, this.dtype);
  }

  protected forwardPass(x: Tensor): [Tensor, null] {
    const shape = this.outputShape(x.shape);
    const [batch, tokens] = shape;
    const y = allocate(x.dtype, batch * tokens * this.dim);
    for (let n = 0; n < batch; n++) {
      y.set(this.classToken.value.data, n * tokens * this.dim);
      y.set(
        x.data.subarray(n * (tokens - 1) * this.dim, (n + 1) * (tokens - 1) * this.dim),
        (n * tokens + 1) * this.dim,
      );
    }
    return [new Tensor(y, shape), null];
  }

  protected backwardPass(dy: Tensor): Tensor {
    this.parameterGradients(dy);
    const [batch, tokens] = dy.shape;
    const dx = allocate(dy.dtype, batch * (tokens - 1) * this.dim);
    for (let n = 0; n < batch; n++) {
      dx.set(
        dy.data.subarray((n * tokens + 1) * this.dim, (n + 1) * tokens * this.dim),
        n * (tokens - 1) * this.dim,
      );
    }
    return new Tensor(dx, [batch, tokens - 1, this.dim]);
  }

  protected override parameterGradients(dy: Tensor): void {
    const [batch, tokens] = dy.shape;
    const grad = this.classToken.grad.data;
    for (let n = 0; n < batch; n++)
      for (let c = 0; c < this.dim; c++) grad[c] += dy.data[n * tokens * this.dim + c];
  }
}
