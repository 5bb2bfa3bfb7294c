import { writeFileSync } from 'node:fs';
import { exportOnnx } from '@scratchnet/onnx';
import { DATASET_SHAPES, type DatasetName } from '../lib/datasets';
import { asUsageError, UsageError } from '../lib/errors';
import { grouped } from '../lib/format';
import { loadTrainedModel } from '../lib/model-source';
import { say } from '../lib/output';

export interface ExportOptions {
  model: string;
  format: 'onnx';
  out: string;
  opset?: number;
  staticBatch?: boolean;
}

/** The input shape (batch 1) a saved model was trained on: its own record, else its data set's. */
function inputShapeOf(info: Record<string, unknown>): number[] {
  if (Array.isArray(info.inputShape) && info.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    return [1, ...(info.inputShape as number[]).slice(1)];
  }
  const dataset = ((info.run as { dataset?: DatasetName } | undefined)?.dataset ?? 'mnist') as DatasetName;
  return [1, ...(DATASET_SHAPES[dataset] ?? DATASET_SHAPES.mnist).sampleShape];
}

/** `scratchnet export --model DIR --format onnx --out FILE`: a saved model as an ONNX file. */
export async function exportCommand(o: ExportOptions): Promise<number> {
  if (o.format !== 'onnx') throw new UsageError(`--format ${o.format}: only onnx is supported`);
  const { model, info } = loadTrainedModel(o.model);
  const inputShape = inputShapeOf(info);
  const bytes = asUsageError(`--model ${o.model}`, () =>
    exportOnnx(model.eval(), { inputShape, opsetVersion: o.opset, dynamicBatch: !o.staticBatch }),
  );
  asUsageError(`--out ${o.out}`, () => writeFileSync(o.out, bytes));
  say(
    `wrote ${o.out}: ONNX opset ${o.opset ?? 17}, input [${o.staticBatch ? 1 : 'N'}, ${inputShape.slice(1).join(', ')}], ${grouped(bytes.length)} bytes`,
  );
  return 0;
}
