import { layerRegistry, registerLayer } from '@scratchnet/layers';
import type { DType } from '@scratchnet/tensor';
import { Scale, Shift } from './broadcast-parameter';
import { Reshape } from './reshape';
import { Transpose } from './transpose';

/** The layers this package adds for ONNX operators scratchnet's layers do not cover. */
export const onnxLayers = { Reshape, Transpose, Scale, Shift };

/**
 * Registers Reshape, Transpose, Scale and Shift with `layerFromConfig`, so that an imported model
 * saved with saveModel loads again. importOnnx calls it; call it yourself before loading such a
 * model in a process that has not imported one. A kind already registered is left as it is.
 */
export function registerOnnxLayers(): void {
  const options = (args: unknown[]) => (args[1] ?? {}) as { dtype?: DType };
  const factories = {
    Reshape: (args: unknown[]) => new Reshape(args[0] as number[]),
    Transpose: (args: unknown[]) => new Transpose(args[0] as number[]),
    Scale: (args: unknown[]) => new Scale(args[0] as number[], options(args)),
    Shift: (args: unknown[]) => new Shift(args[0] as number[], options(args)),
  };
  for (const [kind, factory] of Object.entries(factories)) {
    if (!Object.hasOwn(layerRegistry, kind)) registerLayer(kind, factory);
  }
}
