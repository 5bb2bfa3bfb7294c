import {
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  matmul,
  setBackend,
  Tensor,
} from '@scratchnet/tensor';
import '@scratchnet/backend-wasm';
import { convShapes } from '../shapes.mjs';
import { filledFloat32 } from '../timing.mjs';

const tensor = (shape, seed) =>
  new Tensor(
    filledFloat32(
      shape.reduce((p, d) => p * d, 1),
      seed,
    ),
    shape,
  );

/** scratchnet's WebAssembly backend (@scratchnet/backend-wasm), through the tensor-level ops of the built packages. */
export default {
  name: 'wasm',
  maxMatmulSize: 1024,
  async available() {
    setBackend('wasm');
    return true;
  },
  async matmul(size) {
    setBackend('wasm');
    const a = tensor([size, size], 1);
    const b = tensor([size, size], 2);
    return () => matmul(a, b);
  },
  async conv(pass, shape) {
    setBackend('wasm');
    const { input, weight, output } = convShapes(shape);
    const options = { padding: shape.padding };
    const x = tensor(input, 3);
    const w = tensor(weight, 4);
    const dy = tensor(output, 5);
    const bias = tensor([shape.outChannels], 6);
    if (pass === 'forward') return () => conv2d(x, w, bias, options);
    if (pass === 'backward-input') return () => conv2dBackwardInput(dy, w, input, options);
    return () => conv2dBackwardWeight(x, dy, weight, options, true);
  },
};
