import * as tf from '@tensorflow/tfjs-core';
import { convShapes } from '../shapes.mjs';
import { filledFloat32 } from '../timing.mjs';

/** A TensorFlow.js tensor of the given shape filled with deterministic values (made outside timed code). */
function tensor(shape, seed) {
  return tf.tensor(
    filledFloat32(
      shape.reduce((p, d) => p * d, 1),
      seed,
    ),
    shape,
    'float32',
  );
}

const nhwc = ([n, c, h, w]) => [n, h, w, c];

/**
 * Runs `op` and waits for its result to be computed and read (so lazy backends cannot cheat).
 * Intermediates are disposed (tidy): leaked tensors would grow the heap through the whole run and
 * slow every contender timed after them.
 */
function settled(op) {
  return () => {
    const y = tf.tidy(op);
    y.dataSync();
    y.dispose();
  };
}

/**
 * A contender running TensorFlow.js kernels on the named backend. Layouts are converted outside
 * the timed region: TensorFlow.js uses NHWC activations and HWIO filters. `skip(pass, shape)` may
 * return a reason not to run a pass (e.g. a missing kernel); the run then prints it.
 * `maxMatmulSize` bounds the square matmuls timed (slow backends skip 2048 to bound the run time).
 */
export function tfjsContender({ name, backend, setup, skip = () => null, maxMatmulSize = 1024 }) {
  const use = async () => {
    if (tf.getBackend() !== backend) await tf.setBackend(backend);
  };
  return {
    name,
    maxMatmulSize,
    async available() {
      try {
        await setup();
        return (await tf.setBackend(backend)) ? true : `tf.setBackend('${backend}') failed`;
      } catch (error) {
        return `${backend} backend did not start: ${error.message}`;
      }
    },
    async matmul(size) {
      await use();
      const a = tensor([size, size], 1);
      const b = tensor([size, size], 2);
      return settled(() => tf.matMul(a, b));
    },
    async conv(pass, shape) {
      const reason = skip(pass, shape);
      if (reason) return reason;
      await use();
      const { input, weight, output } = convShapes(shape);
      const x = tensor(nhwc(input), 3);
      const [k, c, kh, kw] = weight;
      const w = tensor([kh, kw, c, k], 4);
      const dy = tensor(nhwc(output), 5);
      const bias = tensor([k], 6);
      const pad = shape.padding;
      const common = { strides: [1, 1], pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
      if (pass === 'forward') return settled(() => tf.add(tf.conv2d(x, w, 1, pad), bias));
      if (pass === 'backward-input') {
        return settled(() =>
          tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...common, inputShape: x.shape }),
        );
      }
      return settled(() =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: w.shape }),
      );
    },
  };
}
