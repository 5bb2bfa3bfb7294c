import type { Layer } from '@scratchnet/layers';
import { activationExporters } from './converters/activations';
import { attentionExporters } from './converters/attention';
import { containerExporters } from './converters/containers';
import { convExporters } from './converters/conv';
import { denseExporters } from './converters/dense';
import { normalizationExporters } from './converters/normalization';
import { poolingExporters } from './converters/pooling';
import { recurrentExporters } from './converters/recurrent';
import { resampleExporters } from './converters/resample';
import { sequenceExporters } from './converters/sequence';
import { shapeExporters } from './converters/shape';
import { tokenExporters } from './converters/tokens';
import type { LayerExporter } from './export-context';

/** layer kind -> the converter that writes its ONNX nodes; one file per operator family. */
const exporters: Record<string, LayerExporter> = {
  ...denseExporters,
  ...convExporters,
  ...activationExporters,
  ...poolingExporters,
  ...normalizationExporters,
  ...shapeExporters,
  ...resampleExporters,
  ...sequenceExporters,
  ...recurrentExporters,
  ...tokenExporters,
  ...attentionExporters,
  ...containerExporters,
};

/** Adds (or replaces) the converter of a layer kind, e.g. for a layer of your own. */
export function registerOnnxExporter(kind: string, exporter: LayerExporter): void {
  if (typeof kind !== 'string' || kind.length === 0)
    throw new Error('registerOnnxExporter: kind must be a non-empty string');
  exporters[kind] = exporter;
}

/** The layer kinds exportOnnx can write. */
export function exportableKinds(): string[] {
  return Object.keys(exporters).sort();
}

export function exporterFor(layer: Layer, path: string): LayerExporter {
  const exporter = Object.hasOwn(exporters, layer.kind) ? exporters[layer.kind] : undefined;
  if (!exporter) {
    const where = path ? ` (at "${path}")` : '';
    throw new Error(
      `exportOnnx: no ONNX converter for layer kind "${layer.kind}"${where}; converters exist for ${exportableKinds().join(', ')} (add one with registerOnnxExporter)`,
    );
  }
  return exporter;
}
