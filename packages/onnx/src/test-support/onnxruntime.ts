import { Tensor } from '@scratchnet/tensor';
import * as ort from 'onnxruntime-node';

/** Runs ONNX bytes in onnxruntime on one input; returns the first output as a scratchnet Tensor. */
export async function runInOnnxRuntime(bytes: Uint8Array, x: Tensor): Promise<Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const type = x.dtype === 'float32' ? 'float32' : 'float64';
    const feeds = { [session.inputNames[0]]: new ort.Tensor(type, x.data, [...x.shape]) };
    const result = await session.run(feeds);
    const out = result[session.outputNames[0]];
    const data = out.data as Float32Array | Float64Array;
    return new Tensor(data instanceof Float64Array ? data : Float32Array.from(data), [...out.dims]);
  } finally {
    await session.release();
  }
}

/**
 * The relative error the proofs use: max |actual − expected| over all elements, divided by
 * max |expected| (the output's own scale), so an element near zero is judged against the output's
 * size rather than against itself. Shapes must agree.
 */
export function relativeError(actual: Tensor, expected: Tensor): number {
  if (actual.shape.join() !== expected.shape.join()) {
    throw new Error(`shapes differ: [${actual.shape}] vs [${expected.shape}]`);
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.size; i++) {
    diff = Math.max(diff, Math.abs(actual.data[i] - expected.data[i]));
    scale = Math.max(scale, Math.abs(expected.data[i]));
    if (Number.isNaN(actual.data[i]) !== Number.isNaN(expected.data[i])) return Number.POSITIVE_INFINITY;
  }
  return scale === 0 ? diff : diff / scale;
}
