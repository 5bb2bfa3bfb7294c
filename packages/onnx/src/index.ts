export type { ExportContext, ExportStep, LayerExporter } from './export/export-context';
export type { ExportOnnxOptions } from './export/export-onnx';
export { exportOnnx } from './export/export-onnx';
export { exportableKinds, registerOnnxExporter } from './export/registry';
export { Scale, Shift } from './layers/broadcast-parameter';
export { registerOnnxLayers } from './layers/register';
export { Reshape } from './layers/reshape';
export { Transpose } from './layers/transpose';
