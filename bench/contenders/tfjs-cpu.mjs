import { tfjsContender } from './tfjs-common.mjs';

/** TensorFlow.js's plain-JavaScript CPU backend. */
export default tfjsContender({
  name: 'tfjs-cpu',
  backend: 'cpu',
  setup: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
  },
  skip: (pass, shape) =>
    pass === 'backward-weight' && shape.slowBackwardFilter ? 'skipped (minutes per call)' : null,
});
