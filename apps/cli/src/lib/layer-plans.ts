import { type Layer, Sequential } from '@scratchnet/layers';
import { backendInfo, type LabelledPlanRequest } from '@scratchnet/tensor';
import { asUsageError } from './errors';
import { table } from './format';

/** What each of a layer's kernel calls is for, in the order `kernelCalls` lists them. */
const PASSES = ['forward', 'input gradient', 'weight gradient'];

/** The kernel calls one training step of `model` makes on a batch of `inputShape`, labelled by layer and pass. */
export function layerPlanRequests(model: Layer, inputShape: readonly number[]): LabelledPlanRequest[] {
  const layers = model instanceof Sequential ? model.layers : [model];
  const requests: LabelledPlanRequest[] = [];
  let shape = inputShape;
  layers.forEach((layer, index) => {
    const calls = layer.kernelCalls?.(shape) ?? [];
    for (const [i, call] of calls.entries()) {
      requests.push({ ...call, label: `${index} ${layer} ${PASSES[i] ?? ''}`.trim() });
    }
    shape = layer.outputShape(shape);
  });
  return requests;
}

/** The plans of every layer of `model` as backendInfo() reports them, and a table of them. */
export function explainModel(model: Layer, title: string, inputShape: readonly number[]) {
  const requests = asUsageError(`--explain ${title}`, () => layerPlanRequests(model, inputShape));
  const plans = backendInfo(requests).plans;
  const rows = plans.map((p) => [p.label, p.backend, p.algorithm, String(p.threads)]);
  return { plans, text: table([['layer and pass', 'backend', 'algorithm', 'threads'], ...rows]) };
}
