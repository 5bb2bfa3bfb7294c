import type { Layer } from '@scratchnet/layers';
import { type DType, formatShape, validateShape } from '@scratchnet/tensor';
import { encodeModel } from '../proto/onnx-proto';
import { DataType, type ModelProto, type ValueInfoProto } from '../proto/onnx-types';
import { type ExportContext, type ExportStep, joinPath } from './export-context';
import { GraphBuilder } from './graph-builder';
import { exporterFor } from './registry';

export interface ExportOnnxOptions {
  /** The input's shape, batch first ([1, 1, 28, 28]); the spatial sizes are fixed by it. */
  inputShape: readonly number[];
  /** The ONNX operator set written (17 to 21; default 17). */
  opsetVersion?: number;
  /** Leaves the batch dimension free ("N") in the graph's input and output (default true). */
  dynamicBatch?: boolean;
}

export const MIN_OPSET = 17;
export const MAX_OPSET = 21;

/** The IR version that introduced each operator set: the oldest a runtime must read. */
const irVersion = (opset: number) => (opset <= 17 ? 8 : opset <= 20 ? 9 : 10);

const ELEM_TYPES: Record<DType, DataType> = { float32: DataType.FLOAT, float64: DataType.DOUBLE };

function valueInfo(
  name: string,
  dtype: DType,
  shape: readonly number[],
  dynamicBatch: boolean,
): ValueInfoProto {
  const dim = shape.map((d, i) => (i === 0 && dynamicBatch ? { dim_param: 'N' } : { dim_value: d }));
  return { name, type: { tensor_type: { elem_type: ELEM_TYPES[dtype], shape: { dim } } } };
}

/** The dtype of the model's values: its parameters', float32 when it has none. */
function dtypeOf(model: Layer): DType {
  return model.parameters()[0]?.value.dtype ?? model.buffers()[0]?.value.dtype ?? 'float32';
}

/**
 * The model as ONNX bytes, in inference form (BatchNorm with its running statistics, dropout as
 * the identity). Nodes are named after the layers' paths ("layer1_0_conv1") and parameters and
 * buffers after their nodes ("layer1_0_conv1.weight"); importOnnx keeps those names, so exporting
 * an imported model again gives the same bytes.
 */
export function exportOnnx(model: Layer, options: ExportOnnxOptions): Uint8Array {
  return encodeModel(exportOnnxModel(model, options));
}

/** exportOnnx before encoding: the ModelProto object. */
export function exportOnnxModel(model: Layer, options: ExportOnnxOptions): ModelProto {
  const { inputShape, opsetVersion = MIN_OPSET, dynamicBatch = true } = options ?? ({} as ExportOnnxOptions);
  validateShape('exportOnnx', inputShape, 'inputShape');
  if (inputShape.length < 1 || inputShape[0] < 1) {
    throw new Error(
      `exportOnnx: inputShape must start with a batch size >= 1, got ${formatShape(inputShape ?? [])}`,
    );
  }
  if (!Number.isInteger(opsetVersion) || opsetVersion < MIN_OPSET || opsetVersion > MAX_OPSET) {
    throw new Error(
      `exportOnnx: opsetVersion must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${opsetVersion}`,
    );
  }
  const dtype = dtypeOf(model);
  const outputShape = model.outputShape(inputShape);
  const graph = new GraphBuilder(opsetVersion);
  const input = graph.reserve('input');
  const ctx: ExportContext = {
    graph,
    opset: opsetVersion,
    dtype,
    child: (parent, layer, name, value, shape) =>
      run({ layer, path: joinPath(parent.path, name), input: value, inputShape: shape }),
  };
  const run = (step: ExportStep): string => exporterFor(step.layer, step.path)(step, ctx);
  const output = run({ layer: model, path: '', input, inputShape });
  if (output === input) throw new Error(`exportOnnx: ${model} has no layers to export`);
  return {
    ir_version: irVersion(opsetVersion),
    opset_import: [{ domain: '', version: opsetVersion }],
    producer_name: 'scratchnet',
    graph: {
      name: 'scratchnet',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [valueInfo(input, dtype, inputShape, dynamicBatch)],
      output: [valueInfo(output, dtype, outputShape, dynamicBatch)],
    },
  };
}
