import { activationImporters } from './converters/activations';
import { convImporters } from './converters/conv';
import { denseImporters } from './converters/dense';
import { elementwiseImporters } from './converters/elementwise';
import { normalizationImporters } from './converters/normalization';
import { poolingImporters } from './converters/pooling';
import { recurrentImporters } from './converters/recurrent';
import { resampleImporters } from './converters/resample';
import { sequenceImporters } from './converters/sequence';
import { shapeImporters } from './converters/shape';
import type { OpImporter } from './import-context';

/** ONNX operator type -> the converter that makes its scratchnet layer; one file per operator family. */
const importers: Record<string, OpImporter> = {
  ...denseImporters,
  ...convImporters,
  ...activationImporters,
  ...poolingImporters,
  ...normalizationImporters,
  ...shapeImporters,
  ...elementwiseImporters,
  ...resampleImporters,
  ...sequenceImporters,
  ...recurrentImporters,
};

/** Adds (or replaces) the converter of an ONNX operator type (default domain). */
export function registerOnnxImporter(opType: string, importer: OpImporter): void {
  if (typeof opType !== 'string' || opType.length === 0)
    throw new Error('registerOnnxImporter: opType must be a non-empty string');
  importers[opType] = importer;
}

/** The ONNX operators importOnnx reads (MatMul and the erf form of GELU are rewritten to Gemm and Gelu first). */
export function importableOperators(): string[] {
  return [...Object.keys(importers), 'MatMul', 'Constant'].sort();
}

export function importerFor(opType: string): OpImporter | undefined {
  return Object.hasOwn(importers, opType) ? importers[opType] : undefined;
}
