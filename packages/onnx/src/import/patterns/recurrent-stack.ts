import { DIRECTIONS_LAST, JOIN_DIRECTIONS, SWAP_TIME_AND_BATCH } from '../../export/converters/recurrent';
import type { TensorValue } from '../../proto/tensor-proto';
import {
  intsAttribute,
  isIntegers,
  type NodeLinks,
  patternRewrite,
  producerOf,
  soleReader,
} from '../node-links';
import type { WorkNode } from '../read-graph';

const sameArray = (a: readonly number[] | null, b: readonly number[]) =>
  !!a && a.length === b.length && a.every((v, i) => v === b[i]);

/** The attributes that must agree between the layers of one stack (as text, to compare). */
const settings = (node: WorkNode) =>
  JSON.stringify(
    node.attributes.map((a) => [a.name, a.i, a.f, a.s && new TextDecoder().decode(a.s), a.ints]),
  );

/**
 * The Transpose [0, 2, 1, 3] and Reshape [0, 0, −1] that turn an LSTM / GRU node's Y [T, D, N, H]
 * into [T, N, D·H], when the node reads only X, W, R and B and nothing else reads its outputs.
 */
function joinedOutput(
  links: NodeLinks,
  constants: ReadonlyMap<string, TensorValue>,
  node: WorkNode,
): WorkNode[] | null {
  if (node.inputs.length > 4 || node.inputs.slice(1, 3).some((i) => !i)) return null;
  if (node.outputs.slice(1).some((o) => o && links.isRead(o))) return null;
  const transpose = soleReader(links, node.outputs[0], 'Transpose');
  const reshape = transpose && soleReader(links, transpose.outputs[0], 'Reshape');
  if (
    !transpose ||
    !reshape ||
    !sameArray(intsAttribute(transpose, 'perm'), DIRECTIONS_LAST) ||
    reshape.inputs[0] !== transpose.outputs[0] ||
    !isIntegers(constants, reshape.inputs[1], JOIN_DIRECTIONS)
  ) {
    return null;
  }
  return [transpose, reshape];
}

/**
 * LSTM and GRU as exportOnnx writes a scratchnet LSTM / GRU: one node per layer, each followed by
 * Transpose and Reshape to [T, N, D·H] that the next layer reads, optionally between two Transposes
 * [1, 0, 2] (batchFirst) -> one node of the same op type whose inputs are X, then W, R and B ('' when
 * absent) of each layer, marked with its `stack` (layers, batchFirst) and named after the last node.
 */
export const fuseRecurrentStacks = patternRewrite((first, { links, constants, fuse }) => {
  if (first.opType !== 'LSTM' && first.opType !== 'GRU') return;
  const tail = joinedOutput(links, constants, first);
  if (!tail) return;
  const layers = [first];
  const pattern = [first, ...tail];
  let end = tail[1];
  for (;;) {
    const next = soleReader(links, end.outputs[0], first.opType);
    const nextTail = next && joinedOutput(links, constants, next);
    if (
      !next ||
      !nextTail ||
      next.inputs[0] !== end.outputs[0] ||
      settings(next) !== settings(first) ||
      !!next.inputs[3] !== !!first.inputs[3]
    ) {
      break;
    }
    layers.push(next);
    pattern.push(next, ...nextTail);
    end = nextTail[1];
  }
  const before = producerOf(links, first.inputs[0], 'Transpose');
  const after = soleReader(links, end.outputs[0], 'Transpose');
  const batchFirst =
    !!before &&
    !!after &&
    links.onlyReader(first.inputs[0]) &&
    sameArray(intsAttribute(before, 'perm'), SWAP_TIME_AND_BATCH) &&
    sameArray(intsAttribute(after, 'perm'), SWAP_TIME_AND_BATCH);
  if (batchFirst) pattern.unshift(before);
  if (batchFirst) pattern.push(after);
  const last = pattern[pattern.length - 1];
  fuse(pattern, {
    ...last,
    opType: first.opType,
    inputs: [
      batchFirst ? before.inputs[0] : first.inputs[0],
      ...layers.flatMap((l) => [l.inputs[1], l.inputs[2], l.inputs[3] ?? '']),
    ],
    attributes: first.attributes,
    stack: { layers: layers.length, batchFirst },
  });
});
