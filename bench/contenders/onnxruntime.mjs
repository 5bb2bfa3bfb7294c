import { convShapes } from '../shapes.mjs';
import { filledFloat32 } from '../timing.mjs';
import { convModel } from './onnx-conv-model.mjs';

const THREADS = 2;
const size = (shape) => shape.reduce((p, d) => p * d, 1);
let ort;
/** The session of the shape timed last: released before the next one starts, so idle intra-op threads do not pile up. */
let previous = null;

/** onnxruntime-node (MLAS kernels) on a one-node Conv model, forward only, 2 intra-op threads. */
export default {
  name: 'onnxruntime',
  async available() {
    ort = await import('onnxruntime-node');
    return true;
  },
  async conv(pass, shape) {
    if (pass !== 'forward') return 'forward only';
    const { input, weight, output } = convShapes(shape);
    const bytes = convModel({
      input,
      weight,
      output,
      padding: shape.padding,
      w: filledFloat32(size(weight), 4),
      b: filledFloat32(shape.outChannels, 6),
    });
    await previous?.release();
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: THREADS,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    previous = session;
    const feeds = { X: new ort.Tensor('float32', filledFloat32(size(input), 3), input) };
    return async () => {
      const { Y } = await session.run(feeds);
      if (Y.dims.length !== 4) throw new Error(`onnxruntime: unexpected output dims ${Y.dims}`);
    };
  },
};
