import { GELU, type Layer, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from '@scratchnet/layers';
import { dynamicInput, type ImportContext, type OpImporter } from '../import-context';

const plain =
  (make: () => Layer): OpImporter =>
  (ctx) => ({ layer: make(), input: dynamicInput(ctx) });

/**
 * Softmax / LogSoftmax along `axis`. Before opset 13 the operator flattened the input to 2-D at
 * `axis` (default 1), which is the same as one axis only when that axis is the last.
 */
const alongAxis =
  (make: (axis: number) => Layer): OpImporter =>
  (ctx) => {
    const input = dynamicInput(ctx);
    const rank = ctx.shape(0).length;
    const axis = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
    if (ctx.opset < 13 && axis !== -1 && axis !== rank - 1) {
      throw ctx.fail(
        `before opset 13 axis ${axis} of a ${rank}-D input spans several axes, which is not supported`,
      );
    }
    return { layer: make(axis), input };
  };

function importGelu(ctx: ImportContext): ReturnType<OpImporter> {
  const approximate = ctx.attrs.string('approximate', 'none');
  if (approximate !== 'none')
    throw ctx.fail(`approximate = "${approximate}" is not supported (the exact GELU is)`);
  return { layer: new GELU(), input: dynamicInput(ctx) };
}

export const activationImporters: Record<string, OpImporter> = {
  Relu: plain(() => new ReLU()),
  Sigmoid: plain(() => new Sigmoid()),
  Tanh: plain(() => new Tanh()),
  LeakyRelu: (ctx) => ({ layer: new LeakyReLU(ctx.attrs.float('alpha', 0.01)), input: dynamicInput(ctx) }),
  Gelu: importGelu,
  Softmax: alongAxis((axis) => new Softmax(axis)),
  LogSoftmax: alongAxis((axis) => new LogSoftmax(axis)),
};
