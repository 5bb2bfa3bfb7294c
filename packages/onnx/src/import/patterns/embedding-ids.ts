import { DataType } from '../../proto/onnx-types';
import { intAttribute, isFloatConstant, patternRewrite, soleReader } from '../node-links';

/**
 * Cast to an integer type, read only as the indices of a Gather from a constant table (as
 * exportOnnx writes an Embedding of float token ids) -> that Gather reading the ids directly.
 */
export const fuseEmbeddingIds = patternRewrite((cast, { links, constants, fuse }) => {
  if (cast.opType !== 'Cast') return;
  const to = intAttribute(cast, 'to', 0);
  const gather = soleReader(links, cast.outputs[0], 'Gather');
  if (
    (to === DataType.INT64 || to === DataType.INT32) &&
    gather &&
    gather.inputs[1] === cast.outputs[0] &&
    isFloatConstant(constants, gather.inputs[0])
  ) {
    fuse([cast, gather], { ...gather, inputs: [gather.inputs[0], cast.inputs[0]] });
  }
});
