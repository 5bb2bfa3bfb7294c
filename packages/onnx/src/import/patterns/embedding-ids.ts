import { DataType } from '../../proto/onnx-types';
import type { TensorValue } from '../../proto/tensor-proto';
import { applyFusions, intAttribute, isFloatConstant, linksOf, soleReader } from '../node-links';
import type { WorkNode } from '../read-graph';

/**
 * Cast to an integer type, read only as the indices of a Gather from a constant table (as
 * exportOnnx writes an Embedding of float token ids) -> that Gather reading the ids directly.
 */
export function fuseEmbeddingIds(
  nodes: readonly WorkNode[],
  outputs: readonly string[],
  constants: ReadonlyMap<string, TensorValue>,
): WorkNode[] {
  const links = linksOf(nodes, outputs);
  const removed = new Set<WorkNode>();
  const replaced = new Map<WorkNode, WorkNode>();
  for (const cast of nodes) {
    if (cast.domain || cast.opType !== 'Cast') continue;
    const to = intAttribute(cast, 'to', 0);
    const gather = soleReader(links, cast.outputs[0], 'Gather');
    if (
      (to === DataType.INT64 || to === DataType.INT32) &&
      gather &&
      gather.inputs[1] === cast.outputs[0] &&
      isFloatConstant(constants, gather.inputs[0])
    ) {
      removed.add(cast);
      replaced.set(gather, { ...gather, inputs: [gather.inputs[0], cast.inputs[0]] });
    }
  }
  return applyFusions(nodes, removed, replaced);
}
