import type { TensorValue } from '../../proto/tensor-proto';
import { applyFusions, intAttribute, isIntegers, linksOf, producerOf } from '../node-links';
import type { WorkNode } from '../read-graph';

/**
 * Resize whose sizes are Concat(Slice(Shape(x), [0], [2]), [outH, outW]) — the batch and channels
 * read at run time, so that the batch stays free, as PyTorch and exportOnnx write a fixed-size
 * Upsample -> Resize with the constant [outH, outW] as its sizes (two values: the spatial ones).
 */
export function fuseResizeSizes(
  nodes: readonly WorkNode[],
  outputs: readonly string[],
  constants: ReadonlyMap<string, TensorValue>,
): WorkNode[] {
  const links = linksOf(nodes, outputs);
  const removed = new Set<WorkNode>();
  const replaced = new Map<WorkNode, WorkNode>();
  for (const resize of nodes) {
    if (resize.domain || resize.opType !== 'Resize' || !resize.inputs[3]) continue;
    const x = resize.inputs[0];
    const concat = producerOf(links, resize.inputs[3], 'Concat');
    const slice = concat && producerOf(links, concat.inputs[0], 'Slice');
    const shape = slice && producerOf(links, slice.inputs[0], 'Shape');
    const spatial = concat?.inputs[1] ?? '';
    const size = constants.get(spatial);
    const matches =
      concat &&
      slice &&
      shape &&
      concat.inputs.length === 2 &&
      intAttribute(concat, 'axis', 0) === 0 &&
      size?.kind === 'int' &&
      size.values.length === 2 &&
      isIntegers(constants, slice.inputs[1], [0]) &&
      isIntegers(constants, slice.inputs[2], [2]) &&
      (!slice.inputs[3] || isIntegers(constants, slice.inputs[3], [0])) &&
      !slice.inputs[4] &&
      shape.inputs[0] === x &&
      shape.attributes.length === 0 &&
      [concat, slice, shape].every((n) => links.onlyReader(n.outputs[0]));
    if (matches) {
      for (const n of [concat, slice, shape]) removed.add(n);
      replaced.set(resize, { ...resize, inputs: [x, '', '', spatial] });
    }
  }
  return applyFusions(nodes, removed, replaced);
}
