import { attr } from '../../export/attributes';
import type { TensorValue } from '../../proto/tensor-proto';
import { isFloatConstant, otherOperand, patternRewrite, producerOf, soleReader } from '../node-links';
import type { WorkNode } from '../read-graph';

/** Whether `name` is a float constant whose every value is `value`. */
function allEqual(constants: ReadonlyMap<string, TensorValue>, name: string, value: number): boolean {
  const c = constants.get(name);
  return c?.kind === 'float' && c.tensor.data.every((v) => v === value);
}

/**
 * GroupNorm as torch.onnx.export writes it before opset 18 (and exportOnnx at every opset):
 * Reshape(x, [0, G, −1]), InstanceNormalization with scale 1 and bias 0, Reshape back to Shape(x),
 * then Mul by the weight and Add of the bias (constants, either may be absent) -> one
 * GroupNormalization node (inputs x, weight or '', bias or ''; num_groups, epsilon), which the
 * GroupNormalization importer reads with the weight and bias per channel.
 */
export const fuseGroupNorm = patternRewrite((norm, { links, constants, fuse }) => {
  if (norm.opType !== 'InstanceNormalization') return;
  const grouped = producerOf(links, norm.inputs[0], 'Reshape');
  const x = grouped?.inputs[0] ?? '';
  const groupShape = constants.get(grouped?.inputs[1] ?? '');
  const restored = soleReader(links, norm.outputs[0], 'Reshape');
  const shape = restored && producerOf(links, restored.inputs[1], 'Shape');
  const groups = groupShape?.kind === 'int' ? groupShape.values[1] : 0;
  const matches =
    grouped &&
    restored &&
    shape &&
    groupShape?.kind === 'int' &&
    groupShape.values.length === 3 &&
    groupShape.values[0] === 0 &&
    groupShape.values[2] === -1 &&
    groups > 0 &&
    links.onlyReader(grouped.outputs[0]) &&
    allEqual(constants, norm.inputs[1], 1) &&
    allEqual(constants, norm.inputs[2], 0) &&
    restored.inputs[0] === norm.outputs[0] &&
    shape.inputs[0] === x &&
    shape.attributes.length === 0 &&
    links.onlyReader(shape.outputs[0]);
  if (!matches) return;
  const pattern = [grouped, norm, shape, restored];
  /** The Mul or Add after `node` by a constant, and that constant. */
  const affine = (node: WorkNode, opType: string) => {
    const next = soleReader(links, node.outputs[0], opType);
    const operand = next ? otherOperand(next, node.outputs[0]) : '';
    return next && isFloatConstant(constants, operand) ? { node: next, operand } : undefined;
  };
  const scale = affine(restored, 'Mul');
  const shift = affine(scale?.node ?? restored, 'Add');
  if (scale) pattern.push(scale.node);
  if (shift) pattern.push(shift.node);
  const last = pattern[pattern.length - 1];
  const epsilon = norm.attributes.find((a) => a.name === 'epsilon') ?? { ...attr.float(1e-5) };
  fuse(pattern, {
    ...last,
    opType: 'GroupNormalization',
    inputs: [x, scale?.operand ?? '', shift?.operand ?? ''],
    attributes: [
      { name: 'num_groups', ...attr.int(groups) },
      { ...epsilon, name: 'epsilon' },
    ],
  });
});
