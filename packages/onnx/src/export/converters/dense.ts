import type { Linear } from '@scratchnet/layers';
import { attr } from '../attributes';
import type { LayerExporter } from '../export-context';
import { nodeName, param } from '../export-context';

/** Linear: y = x·Wᵀ + b is Gemm with transB (the weight keeps PyTorch's [out, in] layout). */
export const denseExporters: Record<string, LayerExporter> = {
  Linear: (step, ctx) => {
    const layer = step.layer as Linear;
    const inputs = [step.input, param(step, ctx, 'weight')];
    if (layer.bias) inputs.push(param(step, ctx, 'bias'));
    return ctx.graph.node('Gemm', inputs, nodeName(step), { transB: attr.int(1) });
  },
};
