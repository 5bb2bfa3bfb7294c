import type { Concat, Graph, GraphNode, Layer, Residual, Sequential } from '@scratchnet/layers';
import { formatShape } from '@scratchnet/tensor';
import { attr } from '../attributes';
import { type ExportContext, type ExportStep, type LayerExporter, nodeName } from '../export-context';

/** The children in order, each reading the previous one's output, under the names the state dict uses. */
function exportSequential(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as Sequential;
  let value = step.input;
  let shape = step.inputShape;
  for (const [name, child] of layer.children) {
    value = ctx.child(step, child, name, value, shape);
    shape = child.outputShape(shape);
  }
  return value;
}

/** The name the Residual gives `part` among its children; '' when a named body is inlined. */
function nameOf(residual: Residual, part: Layer): string {
  return residual.children.find(([, child]) => child === part)?.[0] ?? '';
}

/** body(x) + shortcut(x) (Add), then the activation, each under its state-dict name. */
function exportResidual(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as Residual;
  const main = ctx.child(step, layer.body, nameOf(layer, layer.body), step.input, step.inputShape);
  const side = layer.shortcut
    ? ctx.child(step, layer.shortcut, nameOf(layer, layer.shortcut), step.input, step.inputShape)
    : step.input;
  const sum = ctx.graph.node('Add', [main, side], nodeName(step, 'Add'));
  if (!layer.activation) return sum;
  const sumShape = layer.body.outputShape(step.inputShape);
  return ctx.child(step, layer.activation, 'activation', sum, sumShape);
}

/** Each branch on the same input, joined by one Concat along the container's dim. */
function exportConcat(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as Concat;
  const outputs = layer.branches.map(([name, branch]) =>
    ctx.child(step, branch, name, step.input, step.inputShape),
  );
  return ctx.graph.node('Concat', outputs, nodeName(step, 'Concat'), { axis: attr.int(layer.dim) });
}

const MERGE_OPS = { add: 'Add', mul: 'Mul' } as const;

/** A merge node's name: its own in a graph at the root (as import names it), else under the graph's path. */
const mergeName = (step: ExportStep, name: string) => (step.path ? `${step.path}/${name}` : name);

/**
 * A Graph with one input and one output: its nodes in an order where each follows what it reads
 * (the graph has checked there is one); an n-way add or mul is a chain of n − 1 binary nodes.
 */
function exportGraph(step: ExportStep, ctx: ExportContext): string {
  const layer = step.layer as Graph;
  const { inputs, outputs, nodes } = layer.spec;
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new Error(
      `exportOnnx: ${layer} has ${inputs.length} inputs and ${outputs.length} outputs; export takes graphs with one of each`,
    );
  }
  const values = new Map<string, { value: string; shape: readonly number[] }>([
    [inputs[0], { value: step.input, shape: step.inputShape }],
  ]);
  const pending: GraphNode[] = [...nodes];
  while (pending.length > 0) {
    const index = pending.findIndex((n) => n.inputs.every((name) => values.has(name)));
    const [node] = pending.splice(index, 1);
    const args = node.inputs.map((name) => values.get(name)!);
    if ('layer' in node) {
      const value = ctx.child(step, node.layer, node.name, args[0].value, args[0].shape);
      values.set(node.name, { value, shape: node.layer.outputShape(args[0].shape) });
    } else if (node.merge === 'concat') {
      const value = ctx.graph.node(
        'Concat',
        args.map((a) => a.value),
        mergeName(step, node.name),
        { axis: attr.int(node.dim ?? 1) },
      );
      const dim = (node.dim ?? 1) < 0 ? (node.dim ?? 1) + args[0].shape.length : (node.dim ?? 1);
      const shape = [...args[0].shape];
      shape[dim] = args.reduce((total, a) => total + a.shape[dim], 0);
      values.set(node.name, { value, shape });
    } else {
      const op = MERGE_OPS[node.merge];
      let value = args[0].value;
      for (const [i, next] of args.slice(1).entries()) {
        const suffix = args.length > 2 ? `${node.name}_${i}` : node.name;
        value = ctx.graph.node(op, [value, next.value], mergeName(step, suffix));
      }
      values.set(node.name, { value, shape: args[0].shape });
    }
  }
  const result = values.get(outputs[0]);
  if (!result) throw new Error(`exportOnnx: ${layer} never computes its output "${outputs[0]}"`);
  if (result.value === step.input) {
    throw new Error(`exportOnnx: ${layer} returns its input ${formatShape(step.inputShape)} unchanged`);
  }
  return result.value;
}

export const containerExporters: Record<string, LayerExporter> = {
  Sequential: exportSequential,
  Residual: exportResidual,
  Concat: exportConcat,
  Graph: exportGraph,
};
