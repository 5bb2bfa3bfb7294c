import { layerRegistry, registerLayer } from '@scratchnet/layers';
import type { DType } from '@scratchnet/tensor';
import { Scale, Shift } from './broadcast-parameter';
import { OnnxReshape } from './onnx-reshape';

/**
 * The layers this package adds for ONNX operators scratchnet's layers do not cover. Their kinds are
 * this package's own: ONNX Transpose imports as the layers' Permute, and a batch-keeping Reshape
 * [0, ...rest] as the layers' Reshape.
 */
export const onnxLayers = { OnnxReshape, Scale, Shift };

/**
 * Registers OnnxReshape, Scale and Shift with `layerFromConfig`, so that an imported model saved
 * with saveModel loads again. importOnnx calls it; call it yourself before loading such a model in a
 * process that has not imported one. A kind already registered is left as it is.
 */
export function registerOnnxLayers(): void {
  const options = (args: unknown[]) => (args[1] ?? {}) as { dtype?: DType };
  const factories = {
    OnnxReshape: (args: unknown[]) => new OnnxReshape(args[0] as number[]),
    Scale: (args: unknown[]) => new Scale(args[0] as number[], options(args)),
    Shift: (args: unknown[]) => new Shift(args[0] as number[], options(args)),
  };
  for (const [kind, factory] of Object.entries(factories)) {
    if (!Object.hasOwn(layerRegistry, kind)) registerLayer(kind, factory);
  }
}
