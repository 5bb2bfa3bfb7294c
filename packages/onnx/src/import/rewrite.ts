import type { TensorValue } from '../proto/tensor-proto';
import { isFloatConstant, otherOperand, patternRewrite, type Rewrite } from './node-links';
import { fuseEmbeddingIds } from './patterns/embedding-ids';
import { fuseGroupNorm } from './patterns/group-norm';
import { fuseRecurrentStacks } from './patterns/recurrent-stack';
import { fuseResizeSizes } from './patterns/resize-sizes';
import type { WorkNode } from './read-graph';

/**
 * MatMul (+ Add of a constant) -> Gemm, which becomes a Linear; and the erf form of GELU that
 * PyTorch writes before opset 20, x·0.5·(1 + erf(x/√2)) (Div, Erf, Add, Mul, Mul) -> Gelu.
 */
const fuseGemmAndGelu = patternRewrite((node, { links, constants, fuse }) => {
  const { producer, readerOf, onlyReader } = links;
  const other = otherOperand;
  const isConstant = (name: string, value?: number) => isFloatConstant(constants, name, value);
  if (node.opType === 'MatMul' && node.inputs.length === 2) {
    const [x, w] = node.inputs;
    const add = readerOf.get(node.outputs[0]);
    const bias = add ? other(add, node.outputs[0]) : '';
    if (add && !add.domain && add.opType === 'Add' && onlyReader(node.outputs[0]) && isConstant(bias)) {
      fuse([node, add], { ...add, opType: 'Gemm', inputs: [x, w, bias], attributes: [] });
    } else {
      fuse([node], { ...node, opType: 'Gemm', inputs: [x, w], attributes: [] });
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
      isConstant(div.inputs[1], Math.SQRT2) &&
      onlyReader(div.outputs[0]) &&
      add?.opType === 'Add' &&
      onlyReader(node.outputs[0]) &&
      isConstant(other(add, node.outputs[0]), 1) &&
      mul?.opType === 'Mul' &&
      onlyReader(add.outputs[0]) &&
      other(mul, add.outputs[0]) === x &&
      half?.opType === 'Mul' &&
      onlyReader(mul.outputs[0]) &&
      isConstant(other(half, mul.outputs[0]), 0.5);
    if (matches && div && add && mul && half) {
      fuse([div, node, add, mul, half], { ...half, opType: 'Gelu', inputs: [x], attributes: [] });
    }
  }
});

const REWRITES: Rewrite[] = [
  fuseGemmAndGelu,
  fuseEmbeddingIds,
  fuseResizeSizes,
  fuseGroupNorm,
  fuseRecurrentStacks,
];

/**
 * Rewrites patterns that are one scratchnet layer into one node, named after the node that gives
 * the pattern's output (see each rewrite). Values inside a pattern must have no other readers.
 * `nodes` is in topological order, and stays so: a fused node takes the place of the pattern's
 * last node.
 */
export function rewritePatterns(
  nodes: readonly WorkNode[],
  outputs: readonly string[],
  constants: ReadonlyMap<string, TensorValue>,
): WorkNode[] {
  return REWRITES.reduce<WorkNode[]>((current, rewrite) => rewrite(current, outputs, constants), [...nodes]);
}
