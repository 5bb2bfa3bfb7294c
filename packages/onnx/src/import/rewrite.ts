import type { TensorValue } from '../proto/tensor-proto';
import type { WorkNode } from './read-graph';

/** How many nodes (and graph outputs) read each value. */
function readerCounts(nodes: readonly WorkNode[], outputs: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of [...nodes.flatMap((n) => n.inputs), ...outputs])
    counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

const isConstant = (constants: ReadonlyMap<string, TensorValue>, name: string, value?: number) => {
  const c = constants.get(name);
  if (c?.kind !== 'float') return false;
  return (
    value === undefined ||
    (c.tensor.size === 1 && Math.abs(c.tensor.data[0] - value) < 1e-4 * Math.max(1, value))
  );
};

/**
 * Rewrites patterns that are one scratchnet layer into one node, named after the node that gives
 * the pattern's output: MatMul (+ Add of a constant) -> Gemm, which becomes a Linear; and the erf
 * form of GELU that PyTorch writes before opset 20, x·0.5·(1 + erf(x/√2)) (Div, Erf, Add, Mul, Mul)
 * -> Gelu. Values inside a pattern must have no other readers. `nodes` is in topological order,
 * and stays so: a fused node takes the place of the pattern's last node.
 */
export function rewritePatterns(
  nodes: readonly WorkNode[],
  outputs: readonly string[],
  constants: ReadonlyMap<string, TensorValue>,
): WorkNode[] {
  const readers = readerCounts(nodes, outputs);
  const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  const onlyReader = (value: string) => readers.get(value) === 1;
  const removed = new Set<WorkNode>();
  const replaced = new Map<WorkNode, WorkNode>();
  const readerOf = new Map<string, WorkNode>();
  for (const node of nodes) for (const input of node.inputs) readerOf.set(input, node);
  /** The operand of a binary node that is not `value`. */
  const other = (node: WorkNode, value: string) =>
    node.inputs.length !== 2 ? '' : node.inputs[0] === value ? node.inputs[1] : node.inputs[0];

  for (const node of nodes) {
    if (node.domain || removed.has(node)) continue;
    if (node.opType === 'MatMul' && node.inputs.length === 2) {
      const [x, w] = node.inputs;
      const add = readerOf.get(node.outputs[0]);
      const bias = add ? other(add, node.outputs[0]) : '';
      if (
        add &&
        !add.domain &&
        add.opType === 'Add' &&
        onlyReader(node.outputs[0]) &&
        isConstant(constants, bias)
      ) {
        removed.add(node);
        replaced.set(add, { ...add, opType: 'Gemm', inputs: [x, w, bias], attributes: [] });
      } else {
        replaced.set(node, { ...node, opType: 'Gemm', inputs: [x, w], attributes: [] });
      }
    }
    if (node.opType === 'Erf') {
      const div = producer.get(node.inputs[0]);
      const add = readerOf.get(node.outputs[0]);
      const mul = add && readerOf.get(add.outputs[0]);
      const half = mul && readerOf.get(mul.outputs[0]);
      const x = div?.inputs[0] ?? '';
      const matches =
        div?.opType === 'Div' &&
        isConstant(constants, div.inputs[1], Math.SQRT2) &&
        onlyReader(div.outputs[0]) &&
        add?.opType === 'Add' &&
        onlyReader(node.outputs[0]) &&
        isConstant(constants, other(add, node.outputs[0]), 1) &&
        mul?.opType === 'Mul' &&
        onlyReader(add.outputs[0]) &&
        other(mul, add.outputs[0]) === x &&
        half?.opType === 'Mul' &&
        onlyReader(mul.outputs[0]) &&
        isConstant(constants, other(half, mul.outputs[0]), 0.5);
      if (matches && div && add && mul && half) {
        for (const n of [div, node, add, mul]) removed.add(n);
        replaced.set(half, { ...half, opType: 'Gelu', inputs: [x], attributes: [] });
      }
    }
  }
  return nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
}
