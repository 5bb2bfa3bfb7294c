import type { Upsample } from '@scratchnet/layers';
import { Tensor } from '@scratchnet/tensor';
import { type Attributes, attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName } from '../export-context';

/**
 * Upsample: ONNX Resize with PyTorch's coordinate rules: 'nearest' is PyTorch's legacy nearest
 * (asymmetric, floor), 'bilinear' is linear with align_corners or pytorch_half_pixel. A scale
 * factor is given as scales; a fixed size as sizes [N, C, outH, outW], N and C read from the input
 * at run time so that the batch stays free.
 */
function exportUpsample(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as Upsample;
  const { graph } = ctx;
  const base = nodeName(step);
  const attributes: Attributes =
    layer.mode === 'nearest'
      ? {
          mode: attr.string('nearest'),
          coordinate_transformation_mode: attr.string('asymmetric'),
          nearest_mode: attr.string('floor'),
        }
      : {
          mode: attr.string('linear'),
          coordinate_transformation_mode: attr.string(
            layer.alignCorners ? 'align_corners' : 'pytorch_half_pixel',
          ),
        };
  if (layer.scaleFactor) {
    const scales = graph.initializer(
      `${base}/scales`,
      Tensor.from([1, 1, ...layer.scaleFactor], { dtype: 'float32' }),
    );
    return graph.node('Resize', [step.input, '', scales], base, attributes);
  }
  const shape = graph.node('Shape', [step.input], `${base}/input_shape`);
  const batchAndChannels = graph.node(
    'Slice',
    [shape, graph.int64s(`${base}/starts`, [0]), graph.int64s(`${base}/ends`, [2])],
    `${base}/batch_channels`,
  );
  const sizes = graph.node(
    'Concat',
    [batchAndChannels, graph.int64s(`${base}/size`, layer.size ?? [])],
    `${base}/sizes`,
    { axis: attr.int(0) },
  );
  return graph.node('Resize', [step.input, '', '', sizes], base, attributes);
}

export const resampleExporters: Record<string, LayerExporter> = { Upsample: exportUpsample };
